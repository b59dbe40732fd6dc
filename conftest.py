"""pytest-odoo runs the TransactionCase tests; HttpCase tests (HTTP routes, browser
tours) need Odoo's own HTTP server and run through odoo-bin (tag fgp_http), see
scripts/test.sh."""

import pytest


def pytest_collection_modifyitems(config, items):
    from odoo.tests import HttpCase

    skip = pytest.mark.skip(reason="HttpCase: runs under odoo-bin --test-tags fgp_http")
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is not None and issubclass(cls, HttpCase):
            item.add_marker(skip)
