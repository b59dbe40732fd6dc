from odoo import models

# How each state looks in the portal: the status class of the badge (its colour)
# and its icon. The words themselves come from _fgp_family_words: status is
# never shown by colour alone (WCAG 1.4.1).
STATUS_LOOK = {
    "neutral": "fa-circle-o",
    "busy": "fa-pencil",
    "ok": "fa-check",
    "late": "fa-exclamation-triangle",
    "closed": "fa-minus-circle",
}
PLAN_STATE_LOOK = {
    "offered": "busy",
    "preparing": "busy",
    "submitted": "busy",
    "active": "ok",
    "closed": "closed",
    "declined": "neutral",
    "exempt": "neutral",
}
AGREEMENT_STATE_LOOK = {
    "open": "neutral",
    "done": "ok",
    "missed": "late",
    "cancelled": "closed",
    "overdue": "late",
}
CONDITION_STATE_LOOK = {
    "open": "neutral",
    "met": "ok",
    "not_met": "late",
    "withdrawn": "closed",
}


class FgpPlan(models.Model):
    """The words a family reads (portal, mails, the PDF), in plain language.

    The selection labels of the fields stay the back office's terms; families
    read these instead (the last table of the project's glossary), one word for
    each thing, the same on every page, mail and paper."""

    _inherit = "fgp.plan"

    def _fgp_family_words(self):
        """``{kind: {value: label}}`` for the plan's, agreements' and safety
        conditions' states and the network members' roles, in the user's
        language. ``agreement_state`` has ``overdue`` for an open agreement
        whose deadline passed."""
        _ = self.env._
        return {
            "plan_state": {
                "offered": _("You can make your own plan"),
                "preparing": _("You are making the plan"),
                "submitted": _("Ready, the professional is looking at it"),
                "active": _("We are working with the plan"),
                "closed": _("The plan is finished"),
                "declined": _("Your own choice: no own plan"),
                "exempt": _("No own plan possible (legal exception)"),
            },
            "agreement_state": {
                "open": _("Still to do"),
                "done": _("Done"),
                "missed": _("Did not work out"),
                "cancelled": _("Stopped"),
                "overdue": _("Late"),
            },
            "condition_state": {
                "open": _("Not looked at yet"),
                "met": _("In order"),
                "not_met": _("Not in order yet"),
                "withdrawn": _("No longer needed"),
            },
            "role": {
                "parent": _("Parent"),
                "youth": _("Child or young person"),
                "relative": _("Family"),
                "friend": _("Friend"),
                "neighbour": _("Neighbour"),
                "volunteer": _("Volunteer"),
                "professional": _("Professional"),
                "coordinator": _("Coordinator"),
                "other": _("Someone else"),
            },
        }

    def _fgp_family_status(self, kind, value):
        """``(label, status class, icon)`` of a state as the portal shows it."""
        look = {
            "plan_state": PLAN_STATE_LOOK,
            "agreement_state": AGREEMENT_STATE_LOOK,
            "condition_state": CONDITION_STATE_LOOK,
        }[kind].get(value, "neutral")
        label = self._fgp_family_words()[kind].get(value, "")
        return label, f"o_fgp_status o_fgp_status_{look}", STATUS_LOOK[look]
