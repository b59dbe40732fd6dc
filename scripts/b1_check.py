"""Fail when what a family reads is not plain Dutch (B1).

What a family reads is found by where it comes from: a nl.po entry is
family-facing when one of its occurrences is in a FAMILY_SOURCES file, either
as code (``code:addons/<addon>/<file>``: the portal controllers, the family's
words for states and roles, the portal's messages) or as a record or template
defined in such a file (``model_terms:ir.ui.view,arch_db:<addon>.<id>``,
``model:mail.template,body_html:<addon>.<id>``: the portal, accessibility and
version templates, the mail templates, the plan's PDF). A new portal template
file is picked up when its name matches ``views/fgp_portal*_templates.xml``.

Each family-facing Dutch text (HTML, QWeb expressions and placeholders taken
out) must have
- no sentence longer than MAX_WORDS words;
- a Flesch-Douma reading ease (textstat, Dutch) of at least MIN_EASE, for texts
  of MIN_SCORED_WORDS words or more (shorter texts give no useful score);
- none of the bureaucratic or formal words in scripts/b1_words.txt (one word or
  phrase a line; "je", never "u").

Usage: b1_check.py ADDON...
"""

import re
import sys
from pathlib import Path

import polib
import textstat
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
WORDS_FILE = ROOT / "scripts" / "b1_words.txt"
FAMILY_SOURCES = (
    "views/fgp_portal*_templates.xml",
    "views/fgp_accessibility_templates.xml",
    "views/fgp_plan_version_templates.xml",
    "data/fgp_mail_template_data.xml",
    "report/fgp_plan_report*.xml",
    "controllers/*.py",
    "models/fgp_plan_family_words.py",
    "models/fgp_plan_portal.py",
)
# The fields of records a family reads (not a mail template's name, which only
# the back office sees).
FAMILY_FIELDS = ("arch_db", "body_html", "subject")
MAX_WORDS = 20
MIN_EASE = 60
MIN_SCORED_WORDS = 12

TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


def family_sources(addon_dir):
    """(files, xml ids) of what a family reads in this addon."""
    files, xmlids = set(), set()
    for pattern in FAMILY_SOURCES:
        for path in addon_dir.glob(pattern):
            files.add(path.relative_to(addon_dir).as_posix())
            if path.suffix == ".xml":
                tree = etree.parse(str(path))
                xmlids.update(
                    el.get("id")
                    for el in tree.iter("template", "record")
                    if el.get("id")
                )
    return files, xmlids


def is_family_facing(entry, addon, files, xmlids):
    for where, _line in entry.occurrences:
        kind, _sep, ref = where.partition(":")
        if kind == "code":
            if ref.removeprefix(f"addons/{addon}/") in files:
                return True
        else:
            field, _sep, xmlid = ref.rpartition(":")
            if (
                field.endswith(FAMILY_FIELDS)
                and xmlid.removeprefix(f"{addon}.") in xmlids
            ):
                return True
    return False


def plain_text(msgstr):
    text = TAG.sub(" ", msgstr)
    text = PLACEHOLDER.sub("X", text)
    return re.sub(r"\s+", " ", text).strip()


def problems_of(text, words):
    problems = []
    for sentence in SENTENCE_END.split(text):
        count = len(sentence.split())
        if count > MAX_WORDS:
            problems.append(f"sentence of {count} words (at most {MAX_WORDS})")
    lowered = f" {text.lower()} "
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered):
            problems.append(f"bureaucratic or formal word {word!r}")
    if textstat.lexicon_count(text) >= MIN_SCORED_WORDS:
        ease = textstat.flesch_reading_ease(text)
        if ease < MIN_EASE:
            problems.append(f"Flesch-Douma {ease:.0f} (at least {MIN_EASE})")
    return problems


def main(addons):
    textstat.set_lang("nl")
    words = [
        line.strip().lower()
        for line in WORDS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    failures, checked = [], 0
    for addon in addons:
        addon_dir = ROOT / addon
        po_path = addon_dir / "i18n" / "nl.po"
        if not po_path.exists():
            continue
        files, xmlids = family_sources(addon_dir)
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgstr:
                continue
            if not is_family_facing(entry, addon, files, xmlids):
                continue
            checked += 1
            text = plain_text(entry.msgstr)
            for problem in problems_of(text, words):
                failures.append(f"{addon}: {problem}: {text[:100]!r}")
    for failure in failures:
        print(failure)
    print(f"b1: {checked} family-facing texts checked, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
