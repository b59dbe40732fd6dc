"""Every page a family member reaches passes axe-core's WCAG 2.1 A and AA rules,
on a phone and on a desktop, with every collapsible form opened.

The pages are not listed here: the test follows the links of the portal from
/my as a parent (and from the login page as a visitor), so a page added to the
portal later is checked as soon as a family can reach it. Besides axe-core it
checks what axe-core does not: a page title of its own, no horizontal
scrolling at 320 px (WCAG 1.4.10) nor with text at 200 % (1.4.4), and
targets of at least 24 by 24 px (2.5.8).
"""

import logging
import re
from urllib.parse import urlsplit

from odoo.tests import tagged

from .common_browser import FgpBrowserCase

_logger = logging.getLogger(__name__)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}
REFLOW = (320, 640)
MAX_PAGES = 40
# Links that leave the family's pages: logging out, Odoo's back office.
NOT_A_PAGE = ("/web/session/logout", "/odoo", "/web/database", "/web?", "/web#")
LANG_PREFIX = re.compile(r"^/[a-z]{2}(_[A-Z]{2})?(?=/)")

# Open what a family can open: collapsible forms and <details>.
OPEN_ALL = """
(async () => {
    for (const toggler of document.querySelectorAll('[data-bs-toggle="collapse"]')) {
        const target = document.querySelector(
            toggler.dataset.bsTarget || toggler.getAttribute("href"));
        if (target && !target.classList.contains("show")) {
            toggler.click();
        }
    }
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
    await new Promise((resolve) => setTimeout(resolve, 600));
    return document.querySelectorAll(".collapse:not(.show)").length;
})()
"""
AXE_RUN = """
axe.run(document, {runOnly: {type: "%s", values: %s}, resultTypes: ["violations"]})
    .then((result) => result.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => ({
            target: n.target.join(" "),
            html: n.html.slice(0, 160),
            why: (n.failureSummary || "").slice(0, 300),
        })),
    })))
"""
OWN_CHECKS = """
(() => {
    const found = [];
    const title = document.title.trim();
    if (!title || title === "Odoo") {
        found.push({rule: "fgp-page-title", impact: "serious",
                    nodes: [{target: "title", html: title, why: "no own title"}]});
    }
    const root = document.documentElement;
    if (%s && root.scrollWidth > root.clientWidth + 1) {
        const over = (el) => el && el.getBoundingClientRect().right
            > root.clientWidth + 1;
        // the outermost elements that stick out: the ones to fix
        const wide = [...document.body.querySelectorAll("*")].filter(
            (el) => over(el) && !over(el.parentElement));
        found.push({rule: "fgp-reflow-320", impact: "serious",
                    nodes: wide.slice(0, 3).map((el) => ({
                        target: [el.tagName.toLowerCase(), ...el.classList].join("."),
                        html: el.outerHTML.slice(0, 160),
                        why: "wider than the screen: " + root.scrollWidth + " px"}))});
    }
    return found;
})()
"""
LINKS = """
[...document.querySelectorAll("a[href]")]
    .filter((a) => a.origin === location.origin)
    .map((a) => a.pathname)
"""


@tagged("post_install", "-at_install", "fgp_http")
class TestPortalAccessibility(FgpBrowserCase):
    """0 axe-core violations at WCAG 2.1 A/AA, at phone and desktop width."""

    def test_family_pages(self):
        """A parent's pages, every link followed from /my, every form opened."""
        report = {}
        with self.browser(self.marie.login) as browser:
            pages = self._crawl(browser, ["/my", f"/my/plans/{self.plan.id}/versions"])
            for path in pages:
                self._check(browser, path, report)
        with self.browser() as browser:
            for path in self._crawl(browser, ["/web/login"]):
                self._check(browser, path, report)
        self._assert_clean(report)

    def _crawl(self, browser, start):
        """Every page reachable by a link from ``start``: HTML pages answered
        with 200 (downloads are checked to answer, not to be a page)."""
        seen, todo, pages = set(), list(start), {}
        while todo and len(pages) < MAX_PAGES:
            path = todo.pop(0)
            page = LANG_PREFIX.sub("", path)
            if page in seen or page.startswith(NOT_A_PAGE):
                continue
            seen.add(page)
            res = self.url_open(path)
            kind = res.headers.get("Content-Type", "")
            # Odoo puts the language in front of the path (/nl/my): the page is
            # where the link lands.
            landed = urlsplit(res.url).path
            page = LANG_PREFIX.sub("", landed)
            if res.status_code != 200 or page in pages:
                continue
            if "text/html" not in kind or res.headers.get("Content-Disposition"):
                _logger.info("a11y: %s is a download (%s)", path, kind)
                continue
            self.open(browser, landed)
            pages[page] = landed
            todo.extend(self.js(browser, LINKS))
        return list(pages.values())

    def _check(self, browser, path, report):
        for name, (width, height) in VIEWPORTS.items():
            self.set_viewport(browser, width, height)
            self.open(browser, path)
            self.inject_axe(browser)
            closed = self.js(browser, OPEN_ALL)
            found = self.js(browser, AXE_RUN % ("tag", self.dumps(AXE_TAGS)))
            found += self.js(browser, AXE_RUN % ("rule", '["target-size"]'))
            found += self.js(browser, OWN_CHECKS % "false")
            if closed:
                found.append(
                    {
                        "rule": "fgp-collapse-opened",
                        "impact": "minor",
                        "nodes": [
                            {"target": "", "html": "", "why": f"{closed} closed"}
                        ],
                    }
                )
            report[(path, name)] = found
        self.set_viewport(browser, *REFLOW)
        self.open(browser, path)
        self.js(browser, OPEN_ALL)
        report[(path, "320px")] = self.js(browser, OWN_CHECKS % "true")
        # 1.4.4: text at 200 % on a desktop still fits the screen.
        self.set_viewport(browser, *VIEWPORTS["desktop"])
        self.open(browser, path)
        self.js(browser, "document.documentElement.style.fontSize = '200%'")
        self.js(browser, OPEN_ALL)
        report[(path, "text 200%")] = self.js(browser, OWN_CHECKS % "true")

    def _assert_clean(self, report):
        lines, failures = [], []
        for (path, viewport), found in report.items():
            for violation in found:
                lines.append(
                    f"| {path} | {viewport} | {violation['rule']} "
                    f"| {violation['impact']} | {len(violation['nodes'])} |"
                )
                failures.extend(
                    f"{path} [{viewport}] {violation['rule']} ({violation['impact']}): "
                    f"{node['target']} {node['html']}\n    {node['why']}"
                    for node in violation["nodes"]
                )
        pages = sorted({path for path, _viewport in report})
        _logger.info(
            "a11y: %s pages checked: %s\n%s",
            len(pages),
            ", ".join(pages),
            "\n".join(lines) or "no violations",
        )
        self.assertFalse(
            failures,
            "Accessibility violations (WCAG 2.1 A/AA):\n" + "\n".join(failures),
        )
