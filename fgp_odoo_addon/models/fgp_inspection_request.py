import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class FgpInspectionRequest(models.Model):
    """A person's request to see what the organisation holds about them
    (inzage, Jeugdwet art. 7.3.10 and AVG art. 15): recorded, decided and
    delivered as a readable file."""

    _name = "fgp.inspection.request"
    _description = "Inspection request"
    _inherit = ["fgp.system.fields.mixin"]
    _order = "date_request desc, id desc"
    # The decision, who took it, and the export that was delivered.
    _fgp_system_fields = (
        "state",
        "date_decision",
        "decided_by_id",
        "date_delivered",
        "attachment_id",
    )

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        ondelete="restrict",
        index=True,
        help="The young person, parent or network member who asks to see their data.",
    )
    date_request = fields.Date(
        string="Received on", required=True, default=fields.Date.context_today
    )
    state = fields.Selection(
        [
            ("recorded", "Recorded"),
            ("decided", "Granted"),
            ("refused", "Refused"),
            ("delivered", "Delivered"),
        ],
        required=True,
        default="recorded",
        readonly=True,
        copy=False,
        index=True,
    )
    include_notes = fields.Boolean(
        string="Include case file notes",
        help="Decide whether the team's case file notes on the person's plans are "
        "part of the export. Working notes are never included.",
    )
    refusal_reason = fields.Text()
    date_decision = fields.Date(string="Decided on", readonly=True, copy=False)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided by", readonly=True, copy=False
    )
    date_delivered = fields.Date(string="Delivered on", readonly=True, copy=False)
    attachment_id = fields.Many2one(
        "ir.attachment",
        string="Export",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    def _fgp_system_values(self, vals):
        """A decision and a delivery are recorded with their day (and who
        decided)."""
        if vals.get("state") in ("decided", "refused"):
            return {
                "date_decision": fields.Date.context_today(self),
                "decided_by_id": self.env.uid,
            }
        if vals.get("state") == "delivered":
            return {"date_delivered": fields.Date.context_today(self)}
        return {}

    @api.depends("partner_id")
    def _compute_display_name(self):
        for request in self:
            request.display_name = _(
                "Inspection request of %(person)s", person=request.partner_id.name
            )

    def action_grant(self):
        self._set_decision("decided")

    def action_refuse(self):
        for request in self:
            if not (request.refusal_reason or "").strip():
                raise UserError(_("Write down why the request is refused."))
        self._set_decision("refused")

    def _set_decision(self, state):
        if self.filtered(lambda r: r.state != "recorded"):
            raise UserError(_("This request was already decided."))
        self._fgp_as_system().write({"state": state})

    def action_deliver(self):
        """Build the person's export and attach it to the request."""
        self.ensure_one()
        if self.state not in ("decided", "delivered"):
            raise UserError(_("Grant the request before delivering the export."))
        # sudo: the export holds everything the product has about the person,
        # across teams; granting the request is the authorisation for it.
        Plan = self.env["fgp.plan"].sudo()
        html = Plan._fgp_person_export_html(
            self.partner_id, include_notes=self.include_notes
        )
        attachment = (
            self.env["ir.attachment"]
            # sudo: the delivered file is attached to the request, which only its
            # deciders read
            .sudo()
            .create(
                {
                    "name": _(
                        "Inspection %(person)s.html", person=self.partner_id.name
                    ),
                    "datas": base64.b64encode(html.encode()),
                    "mimetype": "text/html",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        plans = Plan._fgp_person_plans(self.partner_id)
        plans._fgp_log("export")
        self._fgp_as_system().write(
            {"state": "delivered", "attachment_id": attachment.id}
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
