"""Property-based testing (hypothesis) of what families and professionals send:
the example budget, the hostile values, and the invariants every plan keeps.

The normal suite tries a small, fixed set of examples (profile ``fgp``:
derandomized, so CI sees the same inputs every run). The benchmark
(``bash scripts/bench.sh bench_property``) runs the same tests with the large
budget: ``FGP_HYPOTHESIS_PROFILE=fgp_large`` and ``FGP_HYPOTHESIS_EXAMPLES``.
Each test logs how many inputs or action sequences it tried."""

import datetime
import logging
import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from lxml import html

from ..models.fgp_family_draft_mixin import for_family

_logger = logging.getLogger(__name__)

settings.register_profile(
    "fgp",
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "fgp_large",
    parent=settings.get_profile("fgp"),
    max_examples=int(os.environ.get("FGP_HYPOTHESIS_EXAMPLES", "500")),
    derandomize=False,
)
PROFILE = os.environ.get("FGP_HYPOTHESIS_PROFILE", "fgp")
# The settings of every property test: decorate with @SETTINGS.
SETTINGS = settings.get_profile(PROFILE)

# What an attacker types: markup that runs script, template and SQL syntax,
# control characters and text that turns around or never ends.
MARKER = "fgp1337"
HOSTILE = (
    f"<script>alert('{MARKER}')</script>",
    f"<img src=x onerror=\"alert('{MARKER}')\">",
    f"<a href=\"javascript:alert('{MARKER}')\">klik</a>",
    f"<svg onload=alert('{MARKER}')>",
    f"\"><script>alert('{MARKER}')</script>",
    f"<iframe srcdoc=\"<script>alert('{MARKER}')</script>\"></iframe>",
    f"<p style=\"background:url(javascript:alert('{MARKER}'))\">x</p>",
    "{{ 7 * 7 }} ${7*7} <t t-out='1/0'/>",
    "'; DROP TABLE fgp_plan; --",
    "\x00nul\x00",
    "\u202eevil\u202c \ufeff \u200b",
    "😀👨‍👩‍👧‍👦 ẞ ij ﷽ 𝔘𝔫𝔦",
    "\r\n\t \x0b\x0c",
)
HUGE = ("x" * 100_001, "é" * 70_000, "<b>" * 40_000)
texts = st.one_of(
    st.text(max_size=80),
    st.sampled_from(HOSTILE),
    st.tuples(st.text(max_size=20), st.sampled_from(HOSTILE)).map("".join),
    st.sampled_from(HUGE),
)
DATE_FORMATS = (
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%y",
    "%Y%m%d",
    "%d %B %Y",
    "%A %d %b",
    "%Y-%m-%dT%H:%M:%S",
    " %d-%m-%Y ",
)
dates = st.one_of(
    st.tuples(
        st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
        st.sampled_from(DATE_FORMATS),
    ).map(lambda pair: pair[0].strftime(pair[1])),
    st.sampled_from(
        ("", "31-02-2026", "00-00-0000", "2026-13-01", "99999-01-01", "morgen")
    ),
    st.integers().map(str),
    texts,
)
times = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.sampled_from(("25:00", "12:60", "-1:00", "12h30", "")),
    texts,
)


def ids(own=(), foreign=()):
    """An id as a form sends it: the plan's own, another plan's, no record,
    out of any range, or no number."""
    choices = [
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(("", "0", "-1", "1.5", "1e9", "0x10", "1 OR 1=1")),
        texts,
    ]
    if own:
        choices.append(st.sampled_from([str(i) for i in own]))
    if foreign:
        choices.append(st.sampled_from([str(i) for i in foreign]))
    return st.one_of(*choices)


def log_tried(test, count, what="inputs"):
    """Report how many examples a property test tried (in the test log, and
    read by benchmarks/bench_property.py)."""
    _logger.info("property %s: %d %s tried (profile %s)", test, count, what, PROFILE)


# Unsafe HTML: a script, a handler attribute, a javascript: address.
UNSAFE_ATTR = re.compile(r"^on|^srcdoc$|^formaction$")
UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


def unsafe_html(text, marker=MARKER):
    """What in ``text`` (HTML) would run a hostile value's script: the tags
    and attributes that carry ``marker``. Empty when the HTML is safe."""
    if not text or marker not in text:
        return []
    found = []
    root = html.fromstring(f"<div>{text}</div>")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "iframe") and marker in (
            element.text_content() + str(element.attrib)
        ):
            found.append(element.tag)
        for name, value in element.attrib.items():
            if marker not in value:
                continue
            if UNSAFE_ATTR.search(name) or UNSAFE_URL.search(value):
                found.append(f"{element.tag}@{name}")
            if name == "style" and "javascript" in value.lower():
                found.append(f"{element.tag}@style")
    return found


def plan_invariants(plan):
    """The rules every plan keeps, whatever was sent to it: the broken ones
    (empty when the plan is sound). Read as the family's server code reads,
    drafts included."""
    plan = for_family(plan)
    plan.invalidate_recordset()
    broken = []
    if plan.state == "active":
        conditions = plan.safety_condition_ids.filtered(
            lambda c: c.state != "withdrawn"
        )
        if any(c.state != "met" for c in conditions):
            broken.append("an active plan has a condition that is not met")
    if plan.state == "closed" and any(a.state == "open" for a in plan.agreement_ids):
        broken.append("a closed plan has an open agreement")
    return broken
