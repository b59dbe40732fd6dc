"""Seed a realistic Dutch municipality into the benchmark database.

    bash scripts/bench.sh generate [--fresh] [--scale 1] [--seed 42] [--today DATE]

Defaults (scale 1): 50 teams, 600 professionals, 20,000 plans in every state, type and
method, about 150,000 network members on the organisation's existing contacts and new
ones, about 200,000 agreements (open, done, missed, overdue, cancelled), with help
questions, chapters, evaluations, professional notes and safety conditions. Every
record goes through the ORM's batch `create` (constraints, computed and related fields
run), with mail tracking off. The same seed and reference date give the same data.

States are consistent with the product's rules: declined plans have the family's
reason, exempt plans a legal ground and motivation, active and closed plans only met or
withdrawn safety conditions, closed plans no open agreements, deadlines never before
the offer, network agreements name a member of their own plan, at most one designated
contact.
Organisation-plan snapshots belong to fgp_organisation_plan and are not generated here.
"""

import argparse
import datetime
import random
import sys

from common import Phase, open_registry

FEMALE = (
    "Anna Emma Julia Sophie Lisa Fleur Sanne Eva Lotte Noa Tess Mila Zoë Sara Lieke "
    "Femke Iris Anouk Maria Fatima Samira Yasmina Elif Naomi Esther Ingrid Marloes "
    "Petra "
    "Wilma Joke Ria Annemiek Chantal Priya Shanti Ayla Nora Linda Monique Kim"
).split()
MALE = (
    "Daan Sem Lucas Levi Finn Milan Jesse Bram Thijs Ruben Luuk Stijn Tim Jan Kees "
    "Piet "
    "Henk Willem Gerrit Johan Mohammed Yusuf Ahmed Emre Mehmet Youssef Kevin Dennis "
    "Marco Rob Erik Sjoerd Frank Jeroen Rachid Ricardo Dave Bas Niels Wouter"
).split()
SURNAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "van der Wal",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
    "de Lange",
    "Kuipers",
    "van Wijk",
    "Postma",
    "Kuiper",
    "Veenstra",
    "Kramer",
    "van den Brink",
    "Scholten",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Bouzid",
    "Öztürk",
    "Nguyen",
    "Martina",
    "Pinas",
    "Sardjoe",
    "Boukhari",
    "Demir",
]
STREETS = (
    "Kerkstraat Dorpsstraat Schoolstraat Molenweg Stationsweg Julianastraat "
    "Beatrixlaan Wilhelminastraat Eikenlaan Lindelaan Merelstraat Kastanjelaan "
    "Havenkade Marktplein Populierenlaan Tulpstraat Rozenstraat Spoorlaan"
).split()
DISTRICTS = (
    "Centrum Noord Oost Zuid West Binnenstad Rivierwijk Kerkbuurt Vogelwijk "
    "Bloemenwijk Havenkwartier Parkwijk Molenwijk Schildersbuurt Stationsbuurt "
    "Dorp Buitenveld Heuvelrug Polderwijk Waterkant Boomgaard Stadshart Oude Haven "
    "Nieuwland Zonneveld"
).split()
CITY = "Rivierstad"

RELATIONS = {
    "parent": ["moeder", "vader", "stiefvader", "stiefmoeder", "pleegmoeder"],
    "relative": [
        "oma",
        "opa",
        "tante",
        "oom",
        "zus",
        "broer",
        "nicht",
        "neef",
        "schoonzus",
        "oma (moederskant)",
        "opa (vaderskant)",
        "peettante",
    ],
    "friend": [
        "vriendin van moeder",
        "vriend van vader",
        "beste vriend",
        "jeugdvriendin",
    ],
    "neighbour": ["buurvrouw", "buurman", "overbuurvrouw", "overbuurman"],
    "volunteer": ["maatje", "vrijwilliger Humanitas", "schuldhulpmaatje", "sportcoach"],
    "professional": ["huisarts", "mentor school", "intern begeleider", "jeugdarts"],
    "coordinator": ["onafhankelijk coördinator"],
    "other": ["kerkgenoot", "trainer voetbal", "juf"],
}
PROVIDERS_COMMUNITY = [
    "Voedselbank",
    "Humanitas Thuisadministratie",
    "Buurthuis De Schakel",
    "Bibliotheek",
    "Sportvereniging VV",
    "Kledingbank",
    "Repair Café",
    "Taalcafé",
    "Speeltuinvereniging",
    "Stichting Leergeld",
]
PROVIDERS_PROFESSIONAL = [
    "Schuldhulpverlening",
    "GGD Jeugdgezondheidszorg",
    "Jeugd-GGZ De Brug",
    "MEE",
    "Maatschappelijk werk",
    "Veilig Thuis",
    "Kinderopvang De Boomhut",
    "Thuiszorg Zorgzaam",
    "Woningcorporatie Thuis",
    "Verslavingszorg Novadic",
]
QUESTIONS = [
    "Hoe zorgen we dat {kid} elke dag naar school gaat?",
    "Hoe krijgen we de schulden op een rij?",
    "Wie helpt {parent} als het thuis te druk wordt?",
    "Hoe houden we het thuis veilig voor {kid}?",
    "Hoe vindt {kid} weer een leuke vrijetijdsbesteding?",
    "Hoe houden we de woning?",
    "Wie is er voor {kid} na schooltijd?",
    "Hoe blijft {parent} gezond en uitgerust?",
]
AGREEMENTS = [
    "{who} brengt {kid} op dinsdag en donderdag naar school.",
    "{who} past op woensdagmiddag op {kid}.",
    "{who} helpt {parent} elke maand met de post en de rekeningen.",
    "{who} belt {parent} elke zondagavond even op.",
    "{who} gaat mee naar het gesprek op school.",
    "{who} neemt {kid} mee naar de voetbaltraining.",
    "{who} kookt op vrijdag voor het gezin.",
    "{who} haalt {kid} op als {parent} moet werken.",
    "{who} komt langs als het thuis uit de hand loopt.",
    "{who} zoekt samen met {parent} een nieuwe huisarts.",
]
PROVIDED = [
    "{org} helpt met een overzicht van de schulden.",
    "{kid} gaat naar {org} op woensdagmiddag.",
    "{org} komt wekelijks op huisbezoek.",
    "Aanmelding bij {org} voor begeleiding.",
]
CONDITIONS = [
    "Er wordt niet geslagen in huis; bij ruzie belt {parent} iemand uit het netwerk.",
    "{parent} komt niet onder invloed thuis.",
    "{kid} slaapt elke nacht op een vaste, veilige plek.",
    "Er is elke middag een volwassene thuis als {kid} uit school komt.",
    "Het netwerk spreekt af wie ingrijpt als het misgaat, en zet dat in het plan.",
]
SECTIONS = [
    "Veiligheid",
    "Opvoeding",
    "Wonen",
    "Geld",
    "Gezondheid",
    "School en werk",
    "Sociale contacten",
    "Vrije tijd",
]
NOTES = [
    ("Telefonisch contact", "<p>{parent} gebeld; het gaat wat beter met {kid}.</p>"),
    ("Huisbezoek", "<p>Huisbezoek afgelegd. Afspraken uit het plan besproken.</p>"),
    ("Overleg school", "<p>Mentor van {kid} gesproken over het verzuim.</p>"),
    ("Werkaantekening", "<p>Nagaan of de aanmelding bij de schuldhulp loopt.</p>"),
]
DECLINE = [
    "Wij lossen het liever zelf op, zonder plan.",
    "Het is nu te veel; we willen eerst rust.",
    "We willen de familie er niet bij betrekken.",
]
EXEMPT = [
    ("youth_probation", "Jeugdreclassering is opgelegd door de kinderrechter."),
    ("guardianship", "Voogdij ligt bij de gecertificeerde instelling."),
    ("harms_youth", "Een plan nu maken brengt de veiligheid van het kind in gevaar."),
]

STATE_WEIGHTS = {
    "offered": 8,
    "preparing": 15,
    "submitted": 7,
    "active": 40,
    "closed": 20,
    "declined": 6,
    "exempt": 4,
}
WORKING = ("preparing", "submitted", "active", "closed")
METHODS = {
    "family_group": {
        "eigen_kracht": 30,
        "signs_of_safety": 25,
        "family_network_council": 25,
        "free_form": 20,
    },
    "personal": {"own_plan": 30, "free_form": 40, "eigen_kracht": 30},
    "own_plan": {"own_plan": 60, "free_form": 40},
}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies all sizes")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--professionals", type=int, default=600)
    parser.add_argument("--plans", type=int, default=20000)
    parser.add_argument("--members", type=int, default=150000)
    parser.add_argument("--agreements", type=int, default=200000)
    parser.add_argument("--batch", type=int, default=2000, help="records per create")
    args = parser.parse_args(argv)
    for name in ("teams", "professionals", "plans", "members", "agreements"):
        setattr(args, name, max(2, round(getattr(args, name) * args.scale)))
    args.professionals = max(args.professionals, 3 * args.teams)
    args.today = args.today or datetime.date.today()
    return args


def pick(rng, weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def spread(rng, total, weights):
    """Split `total` over items with the given weights (some randomness), each >= 0."""
    noisy = [w * rng.uniform(0.5, 1.5) for w in weights]
    norm = sum(noisy) or 1
    return [round(total * w / norm) for w in noisy]


class Generator:
    def __init__(self, env, args):
        self.env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                no_reset_password=True,
            )
        )
        self.args = args
        self.rng = random.Random(args.seed)
        self.today = args.today
        self.timings = []
        self.counts = {}

    # -- helpers -------------------------------------------------------------
    def day(self, start, end):
        """A random date between start and end (inclusive)."""
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def ago(self, days):
        return self.today - datetime.timedelta(days=days)

    def create(self, model, vals_list):
        """Batch create through the ORM; commit and empty the cache per batch."""
        ids = []
        Model = self.env[model]
        size = self.args.batch
        for i in range(0, len(vals_list), size):
            ids.extend(Model.create(vals_list[i : i + size]).ids)
            self.env.flush_all()
            self.env.cr.commit()
            self.env.invalidate_all()
        self.counts[model] = self.counts.get(model, 0) + len(ids)
        return ids

    def person(self, surname=None, female=None):
        rng = self.rng
        female = rng.random() < 0.55 if female is None else female
        first = rng.choice(FEMALE if female else MALE)
        return f"{first} {surname or rng.choice(SURNAMES)}"

    def address(self):
        rng = self.rng
        return {
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            "zip": f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
            f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
            "city": CITY,
        }

    def phase(self, name):
        return Phase(self.timings, name)

    # -- phases --------------------------------------------------------------
    def check_empty(self):
        plans = self.env["fgp.plan"].with_context(active_test=False).search_count([])
        if plans:
            raise SystemExit(
                f"The database already has {plans} plans; seed a fresh one with "
                "'bash scripts/bench.sh generate --fresh ...'."
            )

    def make_teams_and_users(self):
        args, rng = self.args, self.rng
        names = []
        for i in range(args.teams):
            kind = "Wijkteam" if i % 2 == 0 else "Jeugdteam"
            district = DISTRICTS[(i // 2) % len(DISTRICTS)]
            suffix = (
                f" {i // (2 * len(DISTRICTS)) + 1}" if i >= 2 * len(DISTRICTS) else ""
            )
            names.append(f"{kind} {district}{suffix}")
        self.team_ids = self.create("fgp.team", [{"name": n} for n in names])

        ref = self.env.ref
        groups = {
            "professional": ref("fgp_odoo_addon.group_fgp_professional").id,
            "safety": ref("fgp_odoo_addon.group_fgp_safety").id,
            "manager": ref("fgp_odoo_addon.group_fgp_manager").id,
        }
        user_vals, roles = [], []
        for i in range(args.professionals):
            role = (
                "manager"
                if i < args.teams
                else pick(rng, {"professional": 70, "safety": 30})
            )
            name = self.person()
            login = f"fgp{i + 1:04d}@{CITY.lower()}.example"
            user_vals.append(
                {
                    "name": name,
                    "login": login,
                    "email": login,
                    "groups_id": [(6, 0, [groups[role]])],
                }
            )
            roles.append(role)
        self.user_ids = self.create("res.users", user_vals)
        self.user_role = dict(zip(self.user_ids, roles, strict=True))

        # Manager i leads team i; every other professional joins one team, some two.
        self.team_members = {t: [] for t in self.team_ids}
        self.team_manager = {}
        for i, uid in enumerate(self.user_ids):
            team = self.team_ids[i % args.teams]
            if i < args.teams:
                self.team_manager[team] = uid
            self.team_members[team].append(uid)
            if i >= args.teams and rng.random() < 0.1:
                other = rng.choice(self.team_ids)
                if uid not in self.team_members[other]:
                    self.team_members[other].append(uid)
        Team = self.env["fgp.team"]
        for team_id in self.team_ids:
            Team.browse(team_id).write(
                {
                    "manager_id": self.team_manager[team_id],
                    "member_ids": [(6, 0, self.team_members[team_id])],
                }
            )
        self.env.cr.commit()

    def make_contacts(self):
        """The organisation's existing contacts: neighbours, volunteers, GPs,
        coordinators and the providers of facilities and professional help."""
        rng = self.rng
        size = max(60, round(self.args.members * 0.08))
        pool_roles = {
            "neighbour": 40,
            "friend": 20,
            "volunteer": 15,
            "professional": 12,
            "coordinator": 5,
            "other": 8,
        }
        vals, roles = [], []
        for i in range(size):
            # Every kind at least twice, so small seeds still find one.
            role = (
                list(pool_roles)[i // 2]
                if i < 2 * len(pool_roles)
                else pick(rng, pool_roles)
            )
            vals.append({"name": self.person(), **self.address()})
            roles.append(role)
        ids = self.create("res.partner", vals)
        self.pool = {r: [] for r in pool_roles}
        for pid, role in zip(ids, roles, strict=True):
            self.pool[role].append(pid)
        orgs = [
            {"name": f"{name} {CITY}", "is_company": True, **self.address()}
            for name in PROVIDERS_COMMUNITY + PROVIDERS_PROFESSIONAL
        ]
        org_ids = self.create("res.partner", orgs)
        n = len(PROVIDERS_COMMUNITY)
        self.community_ids = list(zip(org_ids[:n], PROVIDERS_COMMUNITY, strict=True))
        self.provider_ids = list(zip(org_ids[n:], PROVIDERS_PROFESSIONAL, strict=True))

    def plan_skeletons(self):
        """Draw every plan in Python first: state, type, dates, family, network."""
        args, rng = self.args, self.rng
        plans = []
        n_follow = 0
        for _i in range(args.plans):
            state = pick(rng, STATE_WEIGHTS)
            plan_type = pick(rng, {"family_group": 65, "personal": 20, "own_plan": 15})
            plans.append(self.draw_plan(state, plan_type, "family"))
        # A professional plan follows some of the declined and exempt offers.
        for origin in [p for p in plans if p["state"] in ("declined", "exempt")]:
            if rng.random() < 0.5 and len(plans) + n_follow < args.plans * 1.05:
                state = pick(rng, {"preparing": 20, "active": 50, "closed": 30})
                follow = self.draw_plan(state, origin["plan_type"], "professional")
                follow["origin"] = origin
                follow["surname"] = origin["surname"]
                follow["team"] = origin["team"]
                follow["professional"] = origin["professional"]
                follow["date_offered"] = max(
                    follow["date_offered"], origin["date_offered"]
                )
                self.fix_dates(follow)
                plans.append(follow)
                n_follow += 1
        # Network sizes: working plans have the larger networks.
        weights = [6 if p["state"] in WORKING else 2 for p in plans]
        for plan, size in zip(plans, spread(rng, args.members, weights), strict=True):
            plan["n_members"] = max(2, size)
        weights = [
            {"preparing": 0.5, "submitted": 1, "active": 1.2, "closed": 1.2}.get(
                p["state"], 0
            )
            for p in plans
        ]
        for plan, size in zip(
            plans, spread(rng, args.agreements, weights), strict=True
        ):
            plan["n_agreements"] = size
        self.plans = plans

    def draw_plan(self, state, plan_type, authorship):
        rng = self.rng
        team = rng.choice(self.team_ids)
        members = self.team_members[team]
        professional = rng.choice(members)
        if rng.random() < 0.03:  # assigned across teams: the rule's other branch
            professional = rng.choice(self.user_ids)
        ranges = {
            "offered": (0, 60),
            "preparing": (10, 150),
            "submitted": (40, 220),
            "active": (60, 900),
            "closed": (250, 1095),
            "declined": (5, 1095),
            "exempt": (5, 1095),
        }
        low, high = ranges[state]
        plan = {
            "state": state,
            "plan_type": plan_type,
            "authorship": authorship,
            "method": "free_form"
            if authorship == "professional"
            else pick(rng, METHODS[plan_type]),
            "team": team,
            "professional": professional,
            "surname": rng.choice(SURNAMES),
            "date_offered": self.ago(rng.randint(low, high)),
            "origin": None,
        }
        self.fix_dates(plan)
        return plan

    def fix_dates(self, plan):
        rng, state = self.rng, plan["state"]
        offered = plan["date_offered"]
        plan["date_conference"] = plan["date_accepted"] = plan["date_end"] = None
        if state in ("submitted", "active", "closed") or (
            state == "preparing" and rng.random() < 0.5
        ):
            plan["date_conference"] = self.day(
                offered + datetime.timedelta(days=14), offered + datetime.timedelta(60)
            )
            if state != "preparing":
                plan["date_conference"] = min(plan["date_conference"], self.today)
        if state in ("active", "closed"):
            start = (plan["date_conference"] or offered) + datetime.timedelta(days=7)
            plan["date_accepted"] = min(
                self.today, self.day(start, start + datetime.timedelta(30))
            )
        if state == "closed":
            start = plan["date_accepted"] + datetime.timedelta(days=90)
            plan["date_end"] = min(
                self.today, self.day(start, start + datetime.timedelta(400))
            )

    def make_families(self):
        """New contacts for each family: parents, young people or the client, and
        relatives; the plan's other network members come from existing contacts."""
        rng = self.rng
        vals = []
        for plan in self.plans:
            surname = plan["surname"]
            home = self.address()
            people = []
            origin = plan["origin"]
            if origin:
                people = [dict(p) for p in origin["people"] if p["role"] != "relative"]
            else:
                if plan["plan_type"] == "family_group":
                    for _i in range(rng.choice((1, 2, 2))):
                        people.append(
                            {
                                "role": "parent",
                                "female": not people and rng.random() < 0.8,
                            }
                        )
                    for _i in range(rng.choice((1, 1, 2, 3))):
                        people.append({"role": "youth"})
                else:
                    people.append({"role": "client"})
                for person in people:
                    person["vals"] = {
                        "name": self.person(surname, person.get("female")),
                        **home,
                    }
                    if person["role"] == "parent" and rng.random() < 0.6:
                        person["vals"]["phone"] = (
                            f"06-{rng.randint(10000000, 99999999)}"
                        )
                    vals.append(person["vals"])
            # Relatives: new contacts too, with addresses of their own.
            free = plan["n_members"] - len(people)
            n_relatives = max(0, round(free * rng.uniform(0.4, 0.7)))
            for _i in range(n_relatives):
                person = {
                    "role": "relative",
                    "vals": {
                        "name": self.person(rng.choice((surname, None))),
                        **self.address(),
                    },
                }
                people.append(person)
                vals.append(person["vals"])
            plan["people"] = people
        ids = self.create("res.partner", vals)
        by_vals = {id(v): pid for v, pid in zip(vals, ids, strict=True)}
        for plan in self.plans:
            for person in plan["people"]:
                person["partner"] = by_vals[id(person["vals"])]

    def plan_vals(self, plan):
        rng = self.rng
        kid = next(
            (p for p in plan["people"] if p["role"] in ("youth", "client")), None
        )
        plan["kid"] = kid["vals"]["name"].split()[0] if kid else "de jongere"
        parent = next((p for p in plan["people"] if p["role"] == "parent"), kid)
        plan["parent"] = parent["vals"]["name"].split()[0] if parent else "moeder"
        names = {
            "family_group": f"Plan familie {plan['surname']}",
            "personal": "Persoonlijk plan "
            + (kid["vals"]["name"] if kid else plan["surname"]),
            "own_plan": f"Eigen plan {plan['surname']}",
        }
        name = names[plan["plan_type"]]
        if plan["authorship"] == "professional":
            name = f"Professioneel plan: {name}"
        vals = {
            "name": name,
            "state": plan["state"],
            "plan_type": plan["plan_type"],
            "method": plan["method"],
            "authorship": plan["authorship"],
            "team_id": plan["team"],
            "professional_id": plan["professional"],
            "offered_by_id": plan["professional"],
            "youth_ids": [
                (
                    6,
                    0,
                    [
                        p["partner"]
                        for p in plan["people"]
                        if p["role"] in ("youth", "client")
                    ],
                )
            ],
            "youth_participation": pick(
                rng,
                {"not_involved": 15, "informed": 30, "consulted": 35, "co_author": 20},
            ),
            "date_offered": plan["date_offered"],
            "date_conference": plan["date_conference"],
            "date_accepted": plan["date_accepted"],
            "date_end": plan["date_end"],
        }
        if (
            vals["youth_participation"] in ("consulted", "co_author")
            and rng.random() < 0.5
        ):
            vals["youth_voice"] = (
                "Ik wil gewoon thuis blijven wonen en naar mijn eigen school."
            )
        if plan["state"] == "declined":
            vals["decline_reason"] = rng.choice(DECLINE)
        if plan["state"] == "exempt":
            reason, motivation = rng.choice(EXEMPT)
            vals["exemption_reason"] = reason
            vals["exemption_motivation"] = motivation
        if plan["origin"]:
            vals["origin_plan_id"] = plan["origin"]["id"]
        if (
            plan["method"] in ("eigen_kracht", "family_network_council")
            and plan["state"] in WORKING
        ):
            plan["coordinator"] = rng.choice(self.pool["coordinator"])
            vals["coordinator_id"] = plan["coordinator"]
        return vals

    def make_plans(self):
        self.draw_evaluations()
        for generation in (
            [p for p in self.plans if not p["origin"]],
            [p for p in self.plans if p["origin"]],
        ):
            vals = []
            for plan in generation:
                plan_vals = self.plan_vals(plan)
                plan_vals["date_next_evaluation"] = plan.get("next_evaluation")
                vals.append(plan_vals)
            ids = self.create("fgp.plan", vals)
            for plan, pid in zip(generation, ids, strict=True):
                plan["id"] = pid

    def make_network(self):
        rng = self.rng
        vals, owners = [], []
        for plan in self.plans:
            people = list(plan["people"])
            taken = {p["partner"] for p in people}
            if plan.get("coordinator"):
                people.append({"role": "coordinator", "partner": plan["coordinator"]})
                taken.add(plan["coordinator"])
            while len(people) < plan["n_members"]:
                role = pick(
                    rng,
                    {
                        "neighbour": 35,
                        "friend": 30,
                        "volunteer": 15,
                        "professional": 12,
                        "other": 8,
                    },
                )
                partner = rng.choice(self.pool[role])
                if partner in taken:
                    continue
                taken.add(partner)
                people.append({"role": role, "partner": partner})
            working = plan["state"] in WORKING
            adults = [
                p
                for p in people
                if p["role"] in ("parent", "relative", "friend", "neighbour")
            ]
            designated = (
                rng.choice(adults)
                if working and adults and rng.random() < 0.9
                else None
            )
            plan["members"] = []
            for person in people:
                role = person["role"]
                vals.append(
                    {
                        "plan_id": plan["id"],
                        "partner_id": person["partner"],
                        "role": "other" if role == "client" else role,
                        "relation": "cliënt"
                        if role == "client"
                        else (
                            "zoon of dochter"
                            if role == "youth"
                            else rng.choice(RELATIONS[role])
                        ),
                        "is_designated": person is designated,
                        "consent_date": self.day(
                            plan["date_offered"],
                            min(
                                self.today,
                                plan["date_offered"] + datetime.timedelta(30),
                            ),
                        )
                        if working and rng.random() < 0.8
                        else False,
                    }
                )
                owners.append((plan, person))
        ids = self.create("fgp.network.member", vals)
        for (plan, person), mid in zip(owners, ids, strict=True):
            plan["members"].append((mid, person))

    def make_content(self):
        """Help questions and chapters of the plans the family is working on."""
        rng = self.rng
        q_vals, q_owner, s_vals = [], [], []
        for plan in self.plans:
            if plan["state"] not in WORKING:
                continue
            fill = {"kid": plan["kid"], "parent": plan["parent"]}
            for seq, text in enumerate(rng.sample(QUESTIONS, rng.randint(1, 3))):
                q_vals.append(
                    {
                        "plan_id": plan["id"],
                        "name": text.format(**fill),
                        "sequence": seq,
                    }
                )
                q_owner.append(plan)
            if plan["state"] != "preparing" or rng.random() < 0.4:
                for seq, name in enumerate(rng.sample(SECTIONS, rng.randint(3, 5))):
                    s_vals.append(
                        {
                            "plan_id": plan["id"],
                            "name": name,
                            "sequence": seq,
                            "body": f"<p>Wat familie {plan['surname']} hierover "
                            "afspreekt.</p>",
                        }
                    )
        ids = self.create("fgp.help.question", q_vals)
        for plan, qid in zip(q_owner, ids, strict=True):
            plan.setdefault("questions", []).append(qid)
        self.create("fgp.plan.section", s_vals)

    def agreement_state(self, plan, deadline):
        rng = self.rng
        if plan["state"] == "preparing":
            return "open", False
        if plan["state"] == "closed":
            state = pick(rng, {"done": 75, "missed": 15, "cancelled": 10})
        elif deadline < self.today:
            state = pick(rng, {"done": 70, "missed": 8, "open": 15, "cancelled": 7})
        else:
            state = pick(rng, {"open": 90, "done": 10})
        if state != "done":
            return state, False
        latest = min(self.today, plan["date_end"] or self.today)
        if rng.random() < 0.85 and deadline <= latest:
            done = self.day(
                max(plan["date_offered"], deadline - datetime.timedelta(30)), deadline
            )
        else:
            done = self.day(deadline, deadline + datetime.timedelta(30))
        return state, min(done, latest)

    def make_agreements(self):
        rng = self.rng
        vals = []
        for plan in self.plans:
            if not plan["n_agreements"]:
                continue
            fill = {"kid": plan["kid"], "parent": plan["parent"]}
            responsible = [
                (mid, p)
                for mid, p in plan["members"]
                if p["role"] not in ("professional", "coordinator")
            ]
            start = (
                plan["date_conference"] or plan["date_offered"]
            ) + datetime.timedelta(days=7)
            if plan["state"] == "preparing":
                start = max(start, self.today + datetime.timedelta(days=7))
            end = start + datetime.timedelta(days=400)
            if plan["date_end"]:
                end = min(end, plan["date_end"])
            for _i in range(plan["n_agreements"]):
                source = pick(rng, {"network": 65, "community": 20, "professional": 15})
                deadline = self.day(min(start, end), end)
                state, date_done = self.agreement_state(plan, deadline)
                agreement = {
                    "plan_id": plan["id"],
                    "source": source,
                    "deadline": deadline,
                    "state": state,
                    "date_done": date_done,
                    "question_id": rng.choice(plan["questions"])
                    if plan.get("questions") and rng.random() < 0.8
                    else False,
                }
                if source == "network" and responsible:
                    mid, person = rng.choice(responsible)
                    agreement["member_id"] = mid
                    who = self.env_name(person)
                    agreement["description"] = rng.choice(AGREEMENTS).format(
                        who=who, **fill
                    )
                else:
                    pool = (
                        self.community_ids
                        if source == "community"
                        else self.provider_ids
                    )
                    org_id, org = rng.choice(pool)
                    agreement["source"] = "community" if source == "network" else source
                    agreement["provider_id"] = org_id
                    agreement["description"] = rng.choice(PROVIDED).format(
                        org=org, **fill
                    )
                vals.append(agreement)
        self.create("fgp.agreement", vals)

    def env_name(self, person):
        if "vals" in person:
            return person["vals"]["name"].split()[0]
        return (
            "De buurvrouw"
            if person["role"] == "neighbour"
            else "Iemand uit het netwerk"
        )

    def draw_evaluations(self):
        """Evaluations of active and closed plans; the plan's next evaluation is the
        date the latest one set, as fgp.plan.evaluation keeps it."""
        rng = self.rng
        self.evaluations = []
        for plan in self.plans:
            if plan["state"] not in ("active", "closed"):
                continue
            start = plan["date_accepted"]
            end = plan["date_end"] or self.today
            dates = sorted({self.day(start, end) for _i in range(rng.randint(1, 4))})
            for i, date in enumerate(dates):
                last = i == len(dates) - 1
                next_date = False
                if not (last and plan["state"] == "closed"):
                    next_date = date + datetime.timedelta(days=rng.randint(42, 120))
                self.evaluations.append(
                    {
                        "plan": plan,
                        "date": date,
                        "kind": pick(rng, {"evaluation": 60, "network_meeting": 40}),
                        "score": rng.randint(2, 9),
                        "outcome": "<p>Afspraken besproken; het netwerk houdt "
                        "een vinger aan de pols.</p>",
                        "next_date": next_date,
                    }
                )
                if last and next_date:
                    plan["next_evaluation"] = next_date

    def make_evaluations(self):
        vals = []
        for evaluation in self.evaluations:
            ev = dict(evaluation)
            ev["plan_id"] = ev.pop("plan")["id"]
            vals.append(ev)
        self.create("fgp.plan.evaluation", vals)

    def make_safety_and_notes(self):
        rng = self.rng
        c_vals, n_vals = [], []
        for plan in self.plans:
            if plan["state"] not in WORKING:
                continue
            team = plan["team"]
            fill = {"kid": plan["kid"], "parent": plan["parent"]}
            authorised = [
                u
                for u in self.team_members[team]
                if self.user_role[u] != "professional"
            ]
            if plan["method"] == "signs_of_safety" or rng.random() < 0.2:
                for text in rng.sample(CONDITIONS, rng.randint(1, 3)):
                    if plan["state"] in ("active", "closed"):
                        state = pick(rng, {"met": 85, "withdrawn": 15})
                    else:
                        state = pick(rng, {"open": 60, "met": 25, "not_met": 15})
                    setter = rng.choice(authorised)
                    condition = {
                        "plan_id": plan["id"],
                        "description": text.format(**fill),
                        "set_by_id": setter,
                        "state": state,
                    }
                    if state != "open":
                        condition.update(
                            assessment="Besproken met het netwerk en gecontroleerd "
                            "bij huisbezoek.",
                            date_assessed=min(
                                self.today,
                                plan["date_accepted"]
                                or self.day(plan["date_offered"], self.today),
                            ),
                            assessed_by_id=setter,
                        )
                    c_vals.append(condition)
            for _i in range(rng.choice((0, 1, 1, 2, 3))):
                subject, body = rng.choice(NOTES)
                n_vals.append(
                    {
                        "plan_id": plan["id"],
                        "author_id": plan["professional"],
                        "date": self.day(plan["date_offered"], self.today),
                        "name": subject,
                        "body": body.format(**fill),
                        "visibility": pick(rng, {"team": 75, "personal": 25}),
                    }
                )
        self.create("fgp.safety.condition", c_vals)
        self.create("fgp.professional.note", n_vals)

    def make_organisation_plan(self):
        """The municipality's organisation plan over all teams and a year of
        monthly KPI snapshots: at each month's end, the KPIs of the year so far."""
        from dateutil.relativedelta import relativedelta

        if "fgp.organisation.plan" not in self.env:
            return
        start = self.today - relativedelta(years=1) + relativedelta(days=1)
        municipality = self.env["res.partner"].create(
            {"name": "Gemeente Rivierstad", "is_company": True}
        )
        org_plan = self.env["fgp.organisation.plan"].create(
            {
                "name": "Organisatieplan gemeente Rivierstad",
                "partner_id": municipality.id,
                "team_ids": [(6, 0, self.team_ids)],
                "date_start": start,
                "date_end": self.today,
                "maturity": "searching",
                "target_maturity": "frontrunner",
            }
        )
        snapshots = 0
        for months in range(11, -1, -1):
            day = self.today - relativedelta(months=months)
            org_plan.date_end = day
            snapshots += len(org_plan._take_snapshots(date=day))
        org_plan.date_end = self.today
        self.env.cr.commit()
        self.counts["fgp.organisation.plan"] = 1
        self.counts["fgp.organisation.snapshot"] = snapshots

    def run(self):
        self.check_empty()
        steps = [
            ("teams and professionals", self.make_teams_and_users),
            ("existing contacts", self.make_contacts),
            ("plans drawn (python)", self.plan_skeletons),
            ("family contacts", self.make_families),
            ("plans", self.make_plans),
            ("network members", self.make_network),
            ("help questions and chapters", self.make_content),
            ("agreements", self.make_agreements),
            ("evaluations", self.make_evaluations),
            ("safety conditions and notes", self.make_safety_and_notes),
            ("organisation plan and a year of snapshots", self.make_organisation_plan),
        ]
        with self.phase("total"):
            for name, step in steps:
                with self.phase(name):
                    step()
            with self.phase("analyze"):
                self.env.cr.execute("ANALYZE")
        print("\nrecords created:")
        for model, count in self.counts.items():
            print(f"  {model}: {count}")


def main(argv):
    args = parse_args(argv)
    print(
        f"Seeding {args.teams} teams, {args.professionals} professionals, "
        f"~{args.plans} plans, ~{args.members} network members, "
        f"~{args.agreements} agreements "
        f"(seed {args.seed}, reference date {args.today})",
        flush=True,
    )
    from odoo import SUPERUSER_ID, api

    registry = open_registry()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Generator(env, args).run()
        cr.commit()


if __name__ == "__main__":
    main(sys.argv[1:])
