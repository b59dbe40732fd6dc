"""The base of the attack suite: the access world of world.py, logged in
as a role, and JSON-RPC calls as the web client makes them. One place, so every
attack class calls the server the same way."""

import json

from odoo.tests import JsonRpcException

from .world import FgpHttpCase, build_access_world


def concrete_models(env, predicate=None):
    """The sorted names of the registry's non-abstract models for which
    ``predicate(model)`` (a model class of the registry) holds: a model added
    later is attacked too."""
    return sorted(
        name
        for name, model in env.registry.items()
        if not model._abstract and (predicate is None or predicate(model))
    )


def endorse(version, member):
    """``member`` stands behind ``version``, as the portal records it (sudo)."""
    return version.env["fgp.plan.endorsement"].create(
        {
            "plan_id": version.plan_id.id,
            "version_id": version.id,
            "member_id": member.id,
            "date": "2026-11-23",
        }
    )


class AttackCase(FgpHttpCase):
    """An HttpCase on the access world (world.py: build_access_world)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_access_world(cls)

    def call_kw_params(self, model, method, args, kwargs):
        # dates and datetimes as JSON sends them (values taken from copy_data)
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return json.loads(json.dumps(params, default=str))

    def rpc(self, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over JSON-RPC: the result, or a
        JsonRpcException named after the server's error class."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            self.call_kw_params(model, method, args, kwargs),
        )

    def rpc_raw(self, model, method, *args, **kwargs):
        """The same call, raising nothing: the whole response text and its
        JSON, error or not."""
        payload = {
            "id": 0,
            "jsonrpc": "2.0",
            "method": "call",
            "params": self.call_kw_params(model, method, args, kwargs),
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return response.text, response.json()

    def assertRefused(self, expected_errors, model, method, *args, **kwargs):
        """The call fails with one of ``expected_errors`` (error class names);
        returns the error's class name."""
        with self.assertRaises(JsonRpcException) as error:
            self.rpc(model, method, *args, **kwargs)
        name = str(error.exception)
        self.assertIn(name, expected_errors)
        return name
