"""Databases made before this version: an evaluation's scaling score could not
be empty, so an evaluation nobody scored holds 0 and read as 'worsening'. A
score above 0 was given; a 0 is taken as not scored (the new field `scored`),
and the plans' score trends are computed again over the scored evaluations.

The mail to the network's contact person is in plain Dutch with "je" (issue 18);
the template is noupdate, so its Dutch text is loaded again where it is still the
old wording (a text the organisation changed itself is kept)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    cr.execute(
        "UPDATE fgp_plan_evaluation SET scored = (score > 0) WHERE scored IS NULL"
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    Plan = env["fgp.plan"].with_context(active_test=False)
    plans = Plan.search([("evaluation_ids", "!=", False)])
    for name in ("last_score", "previous_score", "score_trend"):
        env.add_to_compute(Plan._fields[name], plans)
    plans.flush_recordset(["last_score", "previous_score", "score_trend"])

    template = env.ref(
        "fgp_odoo_addon.mail_template_fgp_agreement_missed", raise_if_not_found=False
    )
    if (
        template
        and env["res.lang"].search_count([("code", "=", "nl_NL")])
        and "heeft u aangewezen"
        in (template.with_context(lang="nl_NL").body_html or "")
    ):
        env["ir.module.module"]._load_module_terms(
            ["fgp_odoo_addon"], ["nl_NL"], overwrite=True
        )
