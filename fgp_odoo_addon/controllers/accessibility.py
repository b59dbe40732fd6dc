from datetime import date

from odoo import http
from odoo.http import request

# The last check of the portal (tests/test_portal_a11y.py): what the statement
# says was tested, when, and with what result. Update it with a new check.
A11Y_CHECK = {
    "date": date(2026, 12, 2),
    "tool": "axe-core 4.10.3",
    "standard": "WCAG 2.1 AA",
    "widths": "320, 390 en 1280 px",
    "violations": 0,
}


class FgpAccessibilityStatement(http.Controller):
    """The portal's accessibility statement (toegankelijkheidsverklaring), in
    the format Dutch public bodies publish: status, test date, results,
    contact. Public, like the login page it is linked from; it shows nothing of
    any family, only the organisation's own contact details."""

    @http.route("/toegankelijkheid", type="http", auth="public", website=True)
    def fgp_accessibility_statement(self, **kw):
        # sudo: the public visitor reads the organisation's own name, e-mail
        # address and phone number (already on its login page), no family data.
        company = request.env.company.sudo()
        return request.render(
            "fgp_odoo_addon.portal_accessibility_statement",
            {"check": A11Y_CHECK, "company": company},
        )
