"""The access world (world.py: build_access_world) as a TransactionCase: every role
the product knows, each with data it may and may not see."""

import base64
from contextlib import contextmanager

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase

from .world import (
    ADMIN,
    EXPORT,
    MANAGER,
    PORTAL,
    PROFESSIONAL,
    SAFETY,
    build_access_world,
    upload,
)

__all__ = [
    "ADMIN",
    "EXPORT",
    "MANAGER",
    "PORTAL",
    "PROFESSIONAL",
    "SAFETY",
    "FgpAccessCase",
    "build_access_world",
    "upload",
]


class FgpAccessCase(TransactionCase):
    """Base class: the access world, and helpers to look at it as a user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_access_world(cls)

    @classmethod
    def upload(cls, user, name, raw):
        return upload(cls, user, name, raw)

    def visible(self, user, model, records):
        """The subset of ``records`` that ``user`` finds with search."""
        found = self.env[model].with_user(user).search([("id", "in", records.ids)])
        return self.env[model].browse(found.ids)

    @staticmethod
    def b64(raw):
        return base64.b64encode(raw)

    @contextmanager
    def assertUserError(self, text=None):
        """A business refusal: a UserError that is not an AccessError (which
        subclasses UserError), optionally with ``text`` in its message."""
        with self.assertRaises(UserError) as error:
            yield error
        self.assertNotIsInstance(
            error.exception, AccessError, "refused by access rights, not the rule"
        )
        if text:
            self.assertIn(text, str(error.exception))
