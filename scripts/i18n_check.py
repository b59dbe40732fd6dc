"""Fail when an addon's i18n/nl.po is missing or has untranslated entries.

A Dutch word that is the same as the English one ("Team") is kept with an empty
msgstr, as OCA's po-pretty-format wants, and the translator comment SAME_IN_DUTCH
so that it is told apart from a term nobody has translated yet.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SAME_IN_DUTCH = "Same in Dutch"


def is_same_in_dutch(entry):
    """Whether the translator said this term reads the same in Dutch."""
    return SAME_IN_DUTCH in entry.tcomment.splitlines()


def main(addons):
    problems = []
    for addon in addons:
        po_path = ROOT / addon / "i18n" / "nl.po"
        if not po_path.exists():
            problems.append(f"{addon}: i18n/nl.po is missing")
            continue
        po = polib.pofile(str(po_path))
        untranslated = [
            e.msgid
            for e in po
            if not e.msgstr and not e.obsolete and not is_same_in_dutch(e)
        ]
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
