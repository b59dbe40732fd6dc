"""The portal world (world.py: portal_families) as an HttpCase."""

from .world import (
    FgpHttpCase,
    portal_families,
    portal_login,
    portal_member,
    portal_plan,
)


class FgpPortalCase(FgpHttpCase):
    """Two families, their networks and a professional, built once."""

    # The status every _post must be answered with; None (any) for refusals.
    post_status = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        portal_families(cls)

    @classmethod
    def _make_user(cls, login, name, group):
        return portal_login(cls.env, login, name, group)

    @classmethod
    def _make_plan(cls, name):
        return portal_plan(cls, name)

    @classmethod
    def _member(cls, plan, user, role, relation, consent):
        return portal_member(plan, user, role, relation, consent)

    def _post(self, url, **data):
        """A portal form sent as the family's browser sends it."""
        return self.post_form(url, data, status=self.post_status)
