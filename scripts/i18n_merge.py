"""Merge an exported .pot into a .po: keep translations, add new, drop old terms.

The .po is written the way OCA's po-pretty-format check wants it: entries sorted
by msgid, lines wrapped at 78 columns, and no msgstr that repeats its msgid. Such
a term (also when a translator writes the English word again) is kept empty with
the translator comment "Same in Dutch", which i18n_check.py accepts as translated.
"""

import sys
from pathlib import Path

import polib
from i18n_check import SAME_IN_DUTCH, is_same_in_dutch


def main(pot_path, po_path):
    pot = polib.pofile(pot_path)
    old = polib.pofile(po_path) if Path(po_path).exists() else []
    known = {e.msgid: e for e in old}
    po = polib.POFile(wrapwidth=78)
    po.metadata = {
        "Project-Id-Version": "Odoo Server 18.0",
        "Language": "nl",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in pot:
        previous = known.get(entry.msgid)
        entry.msgstr = previous.msgstr if previous else ""
        if entry.msgstr == entry.msgid or (previous and is_same_in_dutch(previous)):
            entry.msgstr = ""
            entry.tcomment = SAME_IN_DUTCH
        po.append(entry)
    po.sort(key=lambda entry: entry.msgid)
    Path(po_path).parent.mkdir(parents=True, exist_ok=True)
    po.save(po_path)
    missing = sum(1 for e in po if not e.msgstr and not is_same_in_dutch(e))
    print(f"{po_path}: {len(po)} terms, {missing} to translate")


if __name__ == "__main__":
    main(*sys.argv[1:])
