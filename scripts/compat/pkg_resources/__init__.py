"""The one function of pkg_resources that gevent 22.10.2 (Odoo 18's pinned version)
imports in its websocket process. setuptools 81 and later no longer ship pkg_resources;
scripts/run_scaled.sh puts this folder on PYTHONPATH only when the real one is missing.
Pinning setuptools<81 in the virtualenv makes it unnecessary."""

from importlib.metadata import entry_points


def iter_entry_points(group, name=None):
    for entry_point in entry_points(group=group):
        if name is None or entry_point.name == name:
            yield entry_point
