"""A headless Chromium driven page by page from the test, for checks that need
the page as a person gets it: axe-core's accessibility rules, the layout at a
given width, and the keyboard (real key events through the DevTools protocol,
not synthetic DOM events, so Tab moves the focus as it does for a person)."""

import json
import os
from contextlib import contextmanager
from pathlib import Path

from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, ChromeBrowser

from .common_portal import FgpPortalCase

LANG = "nl_NL"
# The modules whose words a family reads in the portal, loaded in Dutch.
PORTAL_MODULES = ["base", "web", "mail", "portal", "auth_signup", "fgp_odoo_addon"]
AXE_JS = Path(
    os.environ.get("FGP_AXE_JS")
    or Path(__file__).resolve().parents[2]
    / ".local/npm/node_modules/axe-core/axe.min.js"
)
# Key codes of the keys the keyboard walk presses (DevTools Input.dispatchKeyEvent).
KEYS = {
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
    "Enter": {
        "key": "Enter",
        "code": "Enter",
        "windowsVirtualKeyCode": 13,
        "text": "\r",
    },
    " ": {"key": " ", "code": "Space", "windowsVirtualKeyCode": 32, "text": " "},
    "ArrowDown": {"key": "ArrowDown", "code": "ArrowDown", "windowsVirtualKeyCode": 40},
}


class FgpBrowserCase(FgpPortalCase):
    """The portal fixtures, in Dutch, with a browser to walk them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms(
            PORTAL_MODULES, [LANG], overwrite=True
        )
        (cls.marie | cls.oma | cls.piet | cls.karin).write({"lang": LANG})

    @contextmanager
    def browser(self, login=None):
        """A Chromium logged in as ``login`` (None: the public visitor), with
        the same session as ``self.url_open``."""
        browser = ChromeBrowser(self)
        try:
            self.http_request_key = self.canonical_tag + "_browser"
            self.authenticate(login, login, browser=browser)
            self.http_request_strict_check = True
            self.cr.flush()
            self.cr.clear()
            yield browser
        finally:
            browser.stop()
            self._wait_remaining_requests()
            self.http_request_key = self.canonical_tag
            self.opener.cookies[TEST_CURSOR_COOKIE_NAME] = self.http_request_key

    @staticmethod
    def js(browser, expression, timeout=60):
        """The value of ``expression`` (awaited) in the page."""
        res = browser._websocket_request(
            "Runtime.evaluate",
            params={
                "expression": expression,
                "awaitPromise": True,
                "returnByValue": True,
            },
            timeout=timeout,
        )
        if "exceptionDetails" in res:
            raise AssertionError(f"JavaScript failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    @staticmethod
    def set_viewport(browser, width, height):
        browser._websocket_request(
            "Emulation.setDeviceMetricsOverride",
            params={
                "width": width,
                "height": height,
                "deviceScaleFactor": 1,
                "mobile": width < 768,
            },
        )

    def open(self, browser, path):
        """Load ``path`` and wait until it and Odoo's frontend code are ready."""
        browser.navigate_to(self.base_url() + path, wait_stop=True)
        self.assertTrue(
            browser._wait_ready(
                "document.readyState === 'complete'"
                " && (!window.odoo || !odoo.isReady || odoo.isReady)"
            ),
            f"{path} did not load",
        )
        return self.js(browser, "location.pathname + location.search")

    def inject_axe(self, browser):
        if not AXE_JS.is_file():
            raise AssertionError(
                f"axe-core is missing ({AXE_JS}): scripts/setup.sh installs it "
                "(FGP_WITH_BROWSER=1, as scripts/test.sh does)."
            )
        if not self.js(browser, "!!window.axe"):
            self.js(browser, AXE_JS.read_text(encoding="utf-8") + ";true")

    def press(self, browser, key, shift=False):
        """One real key press on what has the focus."""
        params = dict(KEYS[key], modifiers=8 if shift else 0)
        browser._websocket_request(
            "Input.dispatchKeyEvent", params=dict(params, type="keyDown")
        )
        browser._websocket_request(
            "Input.dispatchKeyEvent",
            params={k: v for k, v in dict(params, type="keyUp").items() if k != "text"},
        )

    @staticmethod
    def dumps(value):
        return json.dumps(value, ensure_ascii=False)
