"""Fail when an addon's i18n/nl.po is missing or has untranslated entries."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main(addons):
    problems = []
    for addon in addons:
        po_path = ROOT / addon / "i18n" / "nl.po"
        if not po_path.exists():
            problems.append(f"{addon}: i18n/nl.po is missing")
            continue
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po if not e.msgstr and not e.obsolete]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        for msgid in untranslated:
            problems.append(f"{addon}: untranslated: {msgid[:70]!r}")
        for msgid in fuzzy:
            problems.append(f"{addon}: fuzzy: {msgid[:70]!r}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
