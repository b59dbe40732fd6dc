"""The whole flow by keyboard alone (WCAG 2.1.1, 2.4.3, 2.4.7): open the plan,
add an agreement, mark it done, with real key presses (Tab, Enter, Space,
arrows and letters) through Chromium's DevTools protocol, never a click. Every
Tab must move the focus forward to something that shows it has the focus."""

import logging
import time

from odoo.tests import tagged

from .common_browser import FgpBrowserCase

_logger = logging.getLogger(__name__)

MAX_TABS = 120
FOCUSED = """
(() => {
    const el = document.activeElement;
    if (!el || el === document.body) { return null; }
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
        || (style.boxShadow && style.boxShadow !== "none");
    return {
        index: [...document.querySelectorAll("*")].indexOf(el),
        tag: el.tagName.toLowerCase(),
        type: el.type || "",
        id: el.id,
        cls: el.className,
        href: el.getAttribute("href") || "",
        text: (el.innerText || el.value || "").trim().slice(0, 60),
        ring: ring,
        matches: %s,
    };
})()
"""


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalKeyboard(FgpBrowserCase):
    def test_keyboard_only(self):
        """Marie opens her plan, adds an agreement for herself and marks it
        done, with the keyboard only."""
        plan = self.plan
        with self.browser(self.marie.login) as browser:
            self.open(browser, "/my/plans")
            self.tab_to(browser, f"el.matches('a[href$=\"/my/plans/{plan.id}\"]')")
            self.press(browser, "Enter")
            self.wait_for(browser, "!!document.querySelector('.o_fgp_new_agreement')")

            self.tab_to(browser, "el.classList.contains('o_fgp_new_agreement')")
            self.press(browser, "Enter")
            self.wait_for(
                browser,
                "document.querySelector('#fgp_agreement_new').classList.contains('show')",
            )
            self.assertEqual(
                self.js(
                    browser,
                    "document.querySelector('.o_fgp_new_agreement')"
                    ".getAttribute('aria-expanded')",
                ),
                "true",
                "the button says the form is open",
            )
            # The form follows its button: the next Tab is in it.
            self.tab_to(browser, "el.id === 'fgp_new_agreement_description'", limit=1)
            self.type(browser, "Marie belt de school")
            self.tab_to(browser, "el.id === 'fgp_new_agreement_member'", limit=1)
            chosen = (
                "document.querySelector('#fgp_new_agreement_member')"
                ".selectedOptions[0].text"
            )
            for _option in range(10):
                self.press(browser, "ArrowDown")
                if self.js(browser, chosen).startswith("Marie Jansen"):
                    break
            self.assertTrue(self.js(browser, chosen).startswith("Marie Jansen"))
            self.tab_to(browser, "el.classList.contains('o_fgp_save_agreement')")
            self.press(browser, "Enter")
            self.wait_for(
                browser,
                "[...document.querySelectorAll('.o_fgp_agreement')]"
                ".some((el) => el.innerText.includes('Marie belt de school'))",
            )
            # The page, not the database: the browser's requests share the
            # test's cursor while it runs.
            card_id = self.js(
                browser,
                "[...document.querySelectorAll('.o_fgp_agreement')]"
                ".find((el) => el.innerText.includes('Marie belt de school')).id",
            )
            card = f"el.closest('#{card_id}')"
            self.tab_to(browser, f"{card} && el.classList.contains('o_fgp_mark_done')")
            self.press(browser, " ")
            self.wait_for(
                browser,
                f"!!document.querySelector('#{card_id} .o_fgp_status_ok')",
            )
        agreement = plan.agreement_ids.filtered(
            lambda a: a.description == "Marie belt de school"
        )
        self.assertEqual(card_id, f"fgp_agreement_{agreement.id}")
        self.assertEqual(agreement.member_id, self.m_marie)
        self.assertEqual(agreement.state, "done")

    # ------------------------------------------------------------------
    def tab_to(self, browser, condition, limit=MAX_TABS):
        """Press Tab until the focused element ``el`` meets ``condition``;
        every step must move the focus and show it."""
        seen = []
        previous = None
        for _step in range(limit):
            self.press(browser, "Tab")
            focused = self.js(browser, FOCUSED % f"(() => {{ return {condition}; }})()")
            self.assertTrue(focused, f"Tab left the page after {seen[-3:]}")
            # Tab goes through a date field's day, month and year in place.
            if focused["type"] != "date":
                self.assertNotEqual(focused, previous, f"Tab did not move: {focused}")
            self.assertTrue(
                focused["ring"],
                f"the focus is not visible on {focused} (after {seen[-2:]})",
            )
            if focused["matches"]:
                return focused
            seen.append(f"{focused['tag']}#{focused['id']} {focused['text']}")
            previous = focused
        raise AssertionError(f"Tab never reached {condition}; it went: {seen}")

    def type(self, browser, text):
        for char in text:
            for kind in ("keyDown", "keyUp"):
                params = {"type": kind, "key": char}
                if kind == "keyDown":
                    params["text"] = char
                browser._websocket_request("Input.dispatchKeyEvent", params=params)

    def wait_for(self, browser, condition, timeout=20):
        """Wait until ``condition`` holds on the (perhaps newly loaded) page."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.js(
                    browser,
                    f"document.readyState === 'complete' && ({condition})",
                    timeout=5,
                ):
                    return
            except AssertionError as error:
                # the page is being replaced by the next one
                _logger.debug("page not ready: %s", error)
            time.sleep(0.2)
        raise AssertionError(f"never true: {condition}")
