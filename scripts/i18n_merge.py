"""Merge an exported .pot into a .po: keep translations, add new, drop old terms."""

import sys
from pathlib import Path

import polib


def main(pot_path, po_path):
    pot = polib.pofile(pot_path)
    old = polib.pofile(po_path) if Path(po_path).exists() else None
    known = {e.msgid: e.msgstr for e in old} if old else {}
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
        entry.msgstr = known.get(entry.msgid, "")
        po.append(entry)
    Path(po_path).parent.mkdir(parents=True, exist_ok=True)
    po.save(po_path)
    missing = sum(1 for e in po if not e.msgstr)
    print(f"{po_path}: {len(po)} terms, {missing} to translate")


if __name__ == "__main__":
    main(*sys.argv[1:])
