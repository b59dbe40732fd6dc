"""Databases made before this version: an evaluation's scaling score could not
be empty, so an evaluation nobody scored holds 0 and read as 'worsening'. A
score above 0 was given; a 0 is taken as not scored (the new field `scored`),
and the plans' score trends are computed again over the scored evaluations."""

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
