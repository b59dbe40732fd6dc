"""Write each addon's README.rst from its readme/ fragments, as OCA's tooling does."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAGMENTS = (
    ("DESCRIPTION.md", None),
    ("USAGE.md", "Usage"),
    ("ARCHITECTURE.md", "Architecture"),
    ("HISTORY.md", "Changelog"),
    ("CONTRIBUTORS.md", "Contributors"),
)


def render(addon):
    manifest = ast.literal_eval(
        "\n".join(
            line
            for line in (addon / "__manifest__.py").read_text().splitlines()
            if not line.startswith("#")
        )
    )
    title = manifest["name"]
    rule = "=" * len(title)
    parts = [rule, title, rule, "", f"*{manifest['summary']}*", ""]
    for fragment, heading in FRAGMENTS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if heading:
            parts += [heading, "=" * len(heading), ""]
        parts += [path.read_text().strip(), ""]
    (addon / "README.rst").write_text("\n".join(parts))


if __name__ == "__main__":
    for name in sys.argv[1:] or ["fgp_odoo_addon", "fgp_organisation_plan"]:
        render(ROOT / name)
