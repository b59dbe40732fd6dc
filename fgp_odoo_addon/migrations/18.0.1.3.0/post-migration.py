"""Databases made before this version: an evaluation's scaling score could not
be empty, so an evaluation nobody scored holds 0 and read as 'worsening'. A
score above 0 was given; a 0 is taken as not scored (the new field `scored`),
and the plans' score trends are computed again over the scored evaluations.

The mail to the network's contact person is in plain Dutch with "je" (issue 18).
The template is noupdate, so an update keeps its old text: where its Dutch text
is still the old wording (the organisation did not change it), its English
source and Dutch translation are taken from this version's nl.po."""

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_open
from odoo.tools.translate import PoFileReader

OLD_WORDING = "heeft u aangewezen"
TEMPLATE = "mail_template_fgp_agreement_missed"


def _reload_contact_mail(env):
    template = env.ref(f"fgp_odoo_addon.{TEMPLATE}", raise_if_not_found=False)
    if not template or not env["res.lang"].search_count([("code", "=", "nl_NL")]):
        return
    if OLD_WORDING not in (template.with_context(lang="nl_NL").body_html or ""):
        return
    with file_open("fgp_odoo_addon/i18n/nl.po", mode="rb") as po:
        for entry in PoFileReader(po):
            if (
                entry["type"] == "model"
                and entry["imd_name"] == TEMPLATE
                and entry["name"] == "mail.template,body_html"
            ):
                template.with_context(lang="en_US").body_html = entry["src"]
                template.update_field_translations(
                    "body_html", {"nl_NL": entry["value"]}
                )
                return


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
    _reload_contact_mail(env)
