from odoo import api, fields, models
from odoo.tools import html_sanitize

from ..tools import selection_labels

# What a version keeps of the plan, in this order: the family's content and the
# conditions it had to meet. Never professional notes.
SNAPSHOT_PARTS = ("sections", "questions", "agreements", "safety_conditions")


class FgpPlanVersion(models.Model):
    """A kept version of the plan: the one that was agreed, or the one in force
    when the family started a revision. Versions are never changed afterwards."""

    _name = "fgp.plan.version"
    _description = "Plan version"
    _inherit = [
        "fgp.access.log.mixin",
        "fgp.plan.part.mixin",
        "fgp.system.fields.mixin",
    ]
    _order = "plan_id, version desc"
    # What a version kept and who kept it: never changed, never made by hand.
    _fgp_system_fields = (
        "version",
        "date",
        "trigger",
        "plan_state",
        "user_id",
        "snapshot",
    )

    plan_id = fields.Many2one(
        "fgp.plan", required=True, ondelete="cascade", index=True, readonly=True
    )
    version = fields.Integer(required=True, readonly=True, copy=False)
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, copy=False
    )
    trigger = fields.Selection(
        [
            ("agreed", "Plan agreed"),
            ("revision", "Revision started"),
        ],
        string="Kept because",
        required=True,
        readonly=True,
        copy=False,
    )
    plan_state = fields.Selection(
        # the plan's labels in the reader's language (a callable selection is not
        # translated by Odoo itself)
        selection=lambda self: self.env["fgp.plan"]
        ._fields["state"]
        ._description_selection(self.env),
        string="Plan state",
        readonly=True,
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Kept by",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    snapshot = fields.Json(readonly=True, copy=False)
    snapshot_html = fields.Html(
        string="Content", compute="_compute_snapshot_html", sanitize=False
    )
    team_id = fields.Many2one(related="plan_id.team_id", store=True, index=True)

    _sql_constraints = [
        (
            "plan_version_uniq",
            "unique (plan_id, version)",
            "A plan cannot have two versions with the same number.",
        ),
    ]

    @api.depends("version", "date")
    def _compute_display_name(self):
        for version in self:
            version.display_name = self.env._(
                "Version %(number)s (%(date)s)",
                number=version.version,
                date=fields.Date.to_string(version.date) if version.date else "",
            )

    @api.depends("snapshot")
    def _compute_snapshot_html(self):
        for version in self:
            version.snapshot_html = version._render_comparison(version)

    # ------------------------------------------------------------------
    # Keeping versions
    # ------------------------------------------------------------------
    @api.model
    def _keep_versions_before_write(self, plans, vals):
        """Keep the version in force when a revision starts; return the plans
        that become active, whose agreed version is kept after the write."""
        if "state" not in vals:
            return plans.browse()
        if vals["state"] == "preparing":
            self._create_version(
                plans.filtered(lambda p: p.state == "active"),
                "revision",
                only_if_changed=True,
            )
        if vals["state"] == "active":
            return plans.filtered(lambda p: p.state != "active")
        return plans.browse()

    @api.model
    def _version_snapshot(self, plan):
        """The plan's content as structured data: what the family agreed. Its
        parts are :data:`SNAPSHOT_PARTS`, plus the plan's title, state and next
        evaluation."""
        plan.ensure_one()
        return {
            "name": plan.name,
            "state": plan.state,
            "date_next_evaluation": fields.Date.to_string(plan.date_next_evaluation),
            "sections": [
                {"name": s.name, "body": s.body or ""}
                for s in plan.section_ids.sorted(lambda s: (s.sequence, s.id))
            ],
            "questions": [
                {"id": q.id, "name": q.name}
                for q in plan.question_ids.sorted(lambda q: (q.sequence, q.id))
            ],
            "agreements": [
                {
                    "id": a.id,
                    "description": a.description,
                    "question": a.question_id.name or "",
                    "source": a.source,
                    "who": a.responsible_name or "",
                    "deadline": fields.Date.to_string(a.deadline),
                    "state": a.state,
                }
                for a in plan.agreement_ids.sorted(lambda a: a.id)
            ],
            "safety_conditions": [
                {"id": c.id, "description": c.description, "state": c.state}
                for c in plan.safety_condition_ids.sorted(lambda c: c.id)
            ],
        }

    @api.model
    def _create_version(self, plans, trigger, only_if_changed=False):
        """Keep a new version of each of ``plans``; with ``only_if_changed``,
        not for a plan whose content equals its latest version."""
        if not plans:
            return self.browse()
        # sudo: a version numbers and keeps the whole plan, whoever starts it;
        # the snapshot holds family content and safety conditions, never notes.
        last = {
            plan.id: (number, version_id)
            for plan, number, version_id in self.sudo()._read_group(
                [("plan_id", "in", plans.ids)],
                ["plan_id"],
                ["version:max", "id:max"],
            )
        }
        # sudo: the latest versions of these plans, to compare snapshots only
        latest = self.sudo().browse([v[1] for v in last.values()])
        latest_snapshot = {v.plan_id.id: v.snapshot for v in latest}
        vals_list = []
        for plan in plans:
            # sudo: the snapshot is the whole plan as agreed, never notes
            snapshot = self._version_snapshot(plan.sudo())
            if only_if_changed and self._same_content(
                latest_snapshot.get(plan.id), snapshot
            ):
                continue
            vals_list.append(
                {
                    "plan_id": plan.id,
                    "version": last.get(plan.id, (0, 0))[0] + 1,
                    "trigger": trigger,
                    "plan_state": plan.state,
                    "snapshot": snapshot,
                }
            )
        versions = self._fgp_as_system().create(vals_list)
        return self.browse(versions.ids)

    @api.model
    def _same_content(self, old, new):
        if not old:
            return False
        return all(old.get(p) == new.get(p) for p in SNAPSHOT_PARTS)

    # ------------------------------------------------------------------
    # Comparison
    # ------------------------------------------------------------------
    def _items(self, part):
        """Comparable items of one part of the snapshot: ``{key: (label, text)}``."""
        self.ensure_one()
        items = {}
        for item in (self.snapshot or {}).get(part, []):
            if part == "sections":
                key = ("name", item.get("name"))
                items[key] = (item.get("name"), item.get("body") or "")
            elif part == "questions":
                key = ("name", item.get("name"))
                items[key] = (item.get("name"), "")
            else:
                key = ("id", item.get("id"))
                items[key] = (item.get("description"), self._item_detail(part, item))
        return items

    def _item_detail(self, part, item):
        if part == "safety_conditions":
            states = selection_labels(self.env, "fgp.safety.condition", "state")
            return states.get(item.get("state"), item.get("state") or "")
        states = selection_labels(self.env, "fgp.agreement", "state")
        sources = selection_labels(self.env, "fgp.agreement", "source")
        parts = [
            item.get("who") or "",
            sources.get(item.get("source"), ""),
            item.get("deadline") or "",
            states.get(item.get("state"), ""),
        ]
        return " · ".join(p for p in parts if p)

    def _compare(self, other):
        """Rows comparing this version (left) with ``other`` (right).

        :return: list of ``(part, rows)``; a row is a dict with ``label``,
            ``left``, ``right`` and ``status`` in same, changed, added, removed
        """
        self.ensure_one()
        result = []
        for part in SNAPSHOT_PARTS:
            left = self._items(part) if self else {}
            right = other._items(part) if other else {}
            rows = []
            for key in list(left) + [k for k in right if k not in left]:
                left_item = left.get(key)
                right_item = right.get(key)
                if left_item is None:
                    status = "added"
                elif right_item is None:
                    status = "removed"
                elif left_item != right_item:
                    status = "changed"
                else:
                    status = "same"
                rows.append(
                    {
                        "label": (right_item or left_item)[0],
                        "left": left_item,
                        "right": right_item,
                        "status": status,
                        "html": part == "sections",
                    }
                )
            result.append((part, rows))
        return result

    def _part_labels(self):
        return {
            "sections": self.env._("Chapters"),
            "questions": self.env._("Help questions"),
            "agreements": self.env._("Agreements"),
            "safety_conditions": self.env._("Safety conditions"),
        }

    def _render_comparison(self, other):
        """The comparison as html: one template for the back end and the portal."""
        self.ensure_one()
        return self.env["ir.qweb"]._render(
            "fgp_odoo_addon.plan_version_comparison",
            self._comparison_values(other),
        )

    def _comparison_values(self, other):
        return {
            "version_a": self,
            "version_b": other,
            "single": self == other,
            "parts": self._compare(other),
            "part_labels": self._part_labels(),
            "sanitize": html_sanitize,
            "status_labels": {
                "same": "",
                "changed": self.env._("changed"),
                "added": self.env._("added"),
                "removed": self.env._("removed"),
            },
        }
