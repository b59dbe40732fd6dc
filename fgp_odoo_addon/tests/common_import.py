"""An organisation's caseload as the CSV files it imports (plans, network
members, agreements) and Odoo's own import of them (base_import), as the import
dialog runs it. One place for the import test and its benchmark
(benchmarks/bench_import.py)."""

import csv
import io

# The import dialog's options for a comma-separated UTF-8 file with ISO dates.
OPTIONS = {
    "quoting": '"',
    "separator": ",",
    "has_headers": True,
    "encoding": "utf-8",
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": True,
    "keep_matches": False,
    "name_create_enabled_fields": {},
    "import_set_empty_fields": [],
    "import_skip_records": [],
    "fallback_values": {},
    "skip": 0,
    "limit": 2000,
}
# Models in the order their files are imported: each refers to the one before.
MODELS = ("fgp.plan", "fgp.network.member", "fgp.agreement")
# The people's file, imported first when the others refer to people by id.
PEOPLE = "res.partner"
PREFIX = "vorig_systeem"


def csv_bytes(rows):
    """The rows (the first is the header) as a UTF-8 CSV file."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def caseload(team, plans, prefix=PREFIX, people=False):
    """``plans`` plans of ``team`` (a name) from a previous system, by model in
    the order of their import: each plan with a young person, a parent and a
    neighbour (consent given on a date, and not yet), and an open agreement of
    the parent. External ids tie the files together, as a previous system's own
    ids do. The people are named in the plans' and members' files (the import
    creates them), or with ``people`` imported first from a file of their own
    and referred to by external id (the two-step import of USAGE.md)."""
    person = "/id" if people else ""
    people_rows = [["id", "name"]]
    plan_rows = [["id", "name", "team_id", f"youth_ids{person}", "plan_type", "state"]]
    member_rows = [
        ["id", "plan_id/id", f"partner_id{person}", "role", "relation", "consent_date"]
    ]
    agreement_rows = [["id", "plan_id/id", "description", "member_id/id", "deadline"]]

    def someone(kind, n):
        name = f"{kind} {prefix} {n}"
        if not people:
            return name
        people_rows.append([f"{prefix}_persoon_{kind.lower()}_{n}", name])
        return people_rows[-1][0]

    for n in range(plans):
        plan = f"{prefix}_plan_{n}"
        plan_rows.append(
            [
                plan,
                f"Plan familie {n}",
                team,
                someone("Kind", n),
                "family_group",
                "preparing",
            ]
        )
        member_rows += [
            [f"{prefix}_ouder_{n}", plan, someone("Ouder", n), "parent", "moeder"]
            + ["2026-09-0%d" % (1 + n % 9)],
            [f"{prefix}_buur_{n}", plan, someone("Buur", n), "neighbour"]
            + ["buurvrouw", ""],
        ]
        agreement_rows.append(
            [
                f"{prefix}_afspraak_{n}",
                plan,
                f"Moeder brengt kind {n} op maandag naar school.",
                f"{prefix}_ouder_{n}",
                "2026-12-31",
            ]
        )
    files = {PEOPLE: csv_bytes(people_rows)} if people else {}
    files.update(
        zip(
            MODELS,
            map(csv_bytes, (plan_rows, member_rows, agreement_rows)),
            strict=True,
        )
    )
    return files


def run_import(env, model, data, **options):
    """Import ``data`` (CSV bytes) into ``model`` as the dialog does, with the
    file's headers as the field paths, batch after batch of ``limit`` rows
    until the file is done or a batch is refused. Returns the ids imported and
    the messages of the refused batch."""
    options = dict(OPTIONS, **options)
    wizard = env["base_import.import"].create(
        {
            "res_model": model,
            "file": data,
            "file_name": f"{model}.csv",
            "file_type": "text/csv",
        }
    )
    headers = data.decode().splitlines()[0].split(",")
    result = {"ids": [], "messages": []}
    while True:
        batch = wizard.execute_import(headers, headers, dict(options))
        result["ids"] += batch.get("ids") or []
        result["messages"] = batch["messages"]
        if batch["messages"] or not batch.get("nextrow"):
            return result
        options["skip"] = batch["nextrow"]
