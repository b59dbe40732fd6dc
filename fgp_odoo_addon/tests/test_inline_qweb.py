from datetime import date
from unittest.mock import patch

from lxml import html

from odoo.tools import mute_logger

from ..tools import FLAG
from .common_follow_up import FollowUpCase
from .world import load_dutch

TEMPLATE = "fgp_odoo_addon.mail_template_fgp_agreement_missed"


class TestInlineQwebReuse(FollowUpCase):
    """``fgp_reuse_inline_qweb``: a mail template's QWeb body compiled once and
    rendered per record, with the same result as Odoo's compilation per record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_dutch(cls.env)
        cls.template = cls.env.ref(TEMPLATE)
        cls.agreements = cls.env["fgp.agreement"].create(
            [
                {
                    "plan_id": cls.plan.id,
                    "description": f"Afspraak nummer {i}",
                    "source": "network",
                    "member_id": cls.member_opa.id,
                    "deadline": date(2026, 2, i + 1),
                }
                for i in range(6)
            ]
        )

    def _render(self, records, reuse, template=None):
        template = (template or self.template).with_context(
            fgp_reuse_inline_qweb=FLAG if reuse else False
        )
        return template._render_field("body_html", records.ids, compute_lang=True)

    def _compilations(self, records, reuse):
        """Render ``records`` on an empty template cache; count compilations."""
        self.env.registry.clear_cache("templates")
        IrQweb = type(self.env["ir.qweb"])
        with patch.object(
            IrQweb, "_generate_code", autospec=True, side_effect=IrQweb._generate_code
        ) as generate:
            self._render(records, reuse)
        return generate.call_count

    def test_same_result_compiled_once(self):
        """Every record gets its own text, exactly as without reuse, and the
        compilations do not grow with the records."""
        self.assertEqual(
            self._render(self.agreements, True), self._render(self.agreements, False)
        )
        bodies = self._render(self.agreements, True)
        for agreement in self.agreements:
            self.assertIn(agreement.description, bodies[agreement.id])
            self.assertIn("Roep het netwerk bij elkaar", bodies[agreement.id])
        few = self._compilations(self.agreements[:2], reuse=True)
        many = self._compilations(self.agreements, reuse=True)
        self.assertEqual(few, many)
        self.assertLess(many, self._compilations(self.agreements, reuse=False))

    def test_edited_template_is_compiled_again(self):
        """A functional administrator's change shows in the next mail: the
        compiled body is keyed by the template's text, per language."""
        agreement = self.agreements[:1]
        self._render(agreement, True)
        self.template.with_context(
            lang="nl_NL"
        ).body_html = (
            "<p>Beste <t t-out=\"object.plan_id.name or ''\"/>, nieuwe tekst.</p>"
        )
        body = self._render(agreement, True)[agreement.id]
        self.assertIn("nieuwe tekst", body)
        self.assertIn(self.plan.name, body)

    @mute_logger("odoo.addons.base.models.ir_qweb")
    def test_restricted_rendering_still_refused(self):
        """A body compiled for unrestricted rendering is not reused for a
        rendering that may only use safe expressions: that one is compiled
        on its own, and refused."""

        def node():
            # Compiling changes the etree: mail parses the body for each record.
            return html.fragment_fromstring(
                self.template.body_html, create_parent="div"
            )

        IrQweb = self.env["ir.qweb"].with_context(fgp_reuse_inline_qweb=FLAG)
        values = {"object": self.agreements[0], "format_date": str}
        self.assertIn("Afspraak nummer 0", IrQweb._render(node(), values))
        self.assertIn("Afspraak nummer 0", IrQweb._render(node(), values))
        with self.assertRaises(Exception) as refused:
            IrQweb._render(
                node(), values, raise_on_forbidden_code_for_model="fgp.agreement"
            )
        self.assertIsInstance(refused.exception.__cause__, PermissionError)
