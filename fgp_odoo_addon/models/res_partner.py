from odoo import _, api, fields, models

from .domain_access import check_domain_field_access

# Context keys that make a partner's display name carry contact details.
CONTACT_CONTEXT_KEYS = ("show_address", "show_email", "show_vat", "address_inline")


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "fgp.access.log.referenced"]

    # Odoo's import finds a person by name (name_search with "=") in these
    # fields at once (_rec_names_search): without an index on each of them
    # every row of an import reads all contacts (a municipality has 100,000s).
    email = fields.Char(index=True)
    company_registry = fields.Char(index=True)
    fgp_member_ids = fields.One2many(
        "fgp.network.member",
        "partner_id",
        string="Family plan roles",
        groups="fgp_odoo_addon.group_fgp_professional",
    )
    fgp_birthdate = fields.Date(
        string="Date of birth",
        groups="fgp_odoo_addon.group_fgp_professional",
        help="Decides whose consent is needed to share a young person's plan "
        "(Jeugdwet art. 7.3.11): under 12 the parents, 12 to 15 the young "
        "person and the parents, from 16 the young person alone.",
    )
    fgp_school = fields.Char(
        string="School",
        groups="fgp_odoo_addon.group_fgp_professional",
        help="The school or day-care of a young person, in the family's words.",
    )
    fgp_authority_ids = fields.Many2many(
        "res.partner",
        "fgp_partner_authority_rel",
        "partner_id",
        "authority_id",
        string="People with parental authority",
        groups="fgp_odoo_addon.group_fgp_professional",
        help="The parents or guardian who hold parental authority (gezag) over "
        "this young person.",
    )
    fgp_youth_plan_ids = fields.Many2many(
        "fgp.plan",
        "fgp_plan_youth_rel",
        "partner_id",
        "plan_id",
        string="Plans as young person",
        groups="fgp_odoo_addon.group_fgp_professional",
        # The contacts' record rules look through it at archived plans too.
        context={"active_test": False},
    )
    fgp_is_client = fields.Boolean(
        string="Family plan client",
        compute="_compute_fgp_is_client",
        store=True,
        index=True,
        groups="fgp_odoo_addon.group_fgp_professional",
        help="A young person or network member of a family plan. Only who may "
        "read one of their plans finds them in the contacts.",
    )
    fgp_plan_count = fields.Integer(
        string="Family plans",
        compute="_compute_fgp_plan_count",
        groups="fgp_odoo_addon.group_fgp_professional",
    )

    @api.model
    def get_import_templates(self):
        """Beside Odoo's own: the people of a caseload taken over from a previous
        system, imported first (fgp_odoo_addon/readme/USAGE.md)."""
        return super().get_import_templates() + [
            {
                "label": _("Import template for the people of a caseload"),
                "template": "/fgp_odoo_addon/static/import/res_partner.csv",
            }
        ]

    @api.model_create_multi
    def create(self, vals_list):
        """People an import creates (a caseload comes in by the thousands: its
        contacts file, or a name in a plan's file) get no creation note each,
        and who imports them does not follow them all: the record's creation
        date and author say the same, and no one is notified of them."""
        partners = (
            self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            if self.env.context.get("import_file")
            else self
        )
        return super(ResPartner, partners).create(vals_list).with_env(self.env)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Colleagues outside family plans cannot find out by search who is in a
        family's network."""
        check_domain_field_access(self, domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.depends("fgp_member_ids", "fgp_youth_plan_ids")
    def _compute_fgp_is_client(self):
        """Kept up to date as plans and networks change; the record rules of
        the contacts (security/fgp_security.xml) use it to leave every other
        contact (organisations, colleagues, providers) as visible as before.
        Whether someone is in a network is one grouped query for all of them
        (a caseload import links thousands of people at once), not a read of
        every network they are in."""
        # sudo: only whether the person is in any plan's network, not in which
        in_network = {
            partner
            for [partner] in self.env["fgp.network.member"]
            .sudo()
            ._read_group([("partner_id", "in", self._origin.ids)], ["partner_id"])
        }
        for partner in self:
            partner.fgp_is_client = bool(
                partner._origin in in_network or partner.fgp_youth_plan_ids
            )

    @api.model
    def _fgp_check_may_link(self, partner_ids):
        """Refuse to put a person the user cannot see in a plan: a plan they
        may read would otherwise show them another team's client (address,
        date of birth) whose id they guessed."""
        ids = set()
        for value in partner_ids:
            # An id, or {"id": ..., ...} as a form sends a many2one.
            value = value.get("id") if isinstance(value, dict) else value
            if isinstance(value, int) and value:
                ids.add(value)
        self.browse(ids).exists().check_access("read")

    @api.depends_context("uid")
    def _compute_display_name(self):
        """A name is not a contact detail: a portal user who reads a person on a
        plan's records (a network member, the coordinator) gets the name, and
        asking for the name "with e-mail" or "with address" (``show_email``,
        ``show_address`` in the context; the name is computed with sudo()) does
        not turn it into one. Their own contact (and their company's) and the
        organisation's own companies keep the details. The name is kept per
        user ("uid"): one computed for a colleague never serves them."""
        if self.env.user._is_internal() or not any(
            self.env.context.get(key) for key in CONTACT_CONTEXT_KEYS
        ):
            return super()._compute_display_name()
        # sudo: only which partners are the organisation's companies, whose
        # addresses portal documents show
        companies = self.env["res.company"].sudo().search([]).partner_id
        own = self.env.user.commercial_partner_id | companies
        shown = self.filtered(lambda p: p.commercial_partner_id in own)
        super(ResPartner, shown)._compute_display_name()
        others = self - shown
        # Computed in an environment without the keys, and taken from its cache
        # (these records are being computed: they cannot be read there).
        plain = others.with_context(**dict.fromkeys(CONTACT_CONTEXT_KEYS, False))
        super(ResPartner, plain)._compute_display_name()
        for partner, plain_partner in zip(others, plain, strict=True):
            partner.display_name = plain_partner.display_name

    def _compute_fgp_plan_count(self):
        """Plans the person takes part in: in the network or as the young person.
        Read groups apply the user's record rules: only plans they may see count."""
        plan_ids = {partner.id: set() for partner in self}
        for partner, ids in self.env["fgp.network.member"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["plan_id:array_agg"]
        ):
            plan_ids[partner.id].update(ids)
        for partner, ids in self.env["fgp.plan"]._read_group(
            [("youth_ids", "in", self.ids)], ["youth_ids"], ["id:array_agg"]
        ):
            if partner.id in plan_ids:
                plan_ids[partner.id].update(ids)
        for partner in self:
            partner.fgp_plan_count = len(plan_ids.get(partner.id, ()))

    def _fgp_plan_domain(self):
        return [
            "|",
            ("youth_ids", "in", self.ids),
            ("network_member_ids.partner_id", "in", self.ids),
        ]

    def action_view_fgp_plans(self):
        """The plans this person takes part in, with their role in each."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fgp_odoo_addon.fgp_plan_action"
        )
        action.update(
            {
                "domain": self._fgp_plan_domain(),
                "context": {"fgp_partner_id": self.id},
                "view_mode": "list,form",
                "views": [
                    (
                        self.env.ref("fgp_odoo_addon.fgp_plan_view_list_partner").id,
                        "list",
                    ),
                    (False, "form"),
                ],
            }
        )
        return action
