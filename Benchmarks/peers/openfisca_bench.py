"""Compute the OpenFisca model (openfisca_model.py) for every profile of a JSON-lines file at once.

    python openfisca_bench.py PEOPLE.jsonl RESULTS.jsonl [--period 2026-09]

Reads the profiles into person and household columns, builds one simulation for the whole population
(vectorised: one ``calculate`` per output variable), writes one line per profile like zen_bench.py,
and prints one timing line:

    openfisca all_in_seconds=… compute_seconds=… build_seconds=… per_person_us=… setup_seconds=… people=…

* all-in: from opening the JSON-lines file to the results file written (reading, building the
  simulation, computing, writing);
* compute: the sum of the wall time of the ``calculate`` calls;
* build: turning the read columns into a simulation (entities, roles, inputs);
* per_person_us: compute ÷ people, in microseconds;
* setup: building the tax-benefit system (before all-in starts).

Money is read exactly (JSON numbers as Decimal, strings as Decimal) into integer fen.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from openfisca_core.simulations import SimulationBuilder  # noqa: E402

import openfisca_model as model  # noqa: E402

RIGID = ("medical", "disability", "schooling", "housing", "other")


def to_fen(value) -> int:
    """A profile money value (JSON number, Decimal or string of yuan, at most two decimals) in fen."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value * 100
    return int(Decimal(value) * 100)


def yuan_text(amount: int) -> str:
    return f"{amount // 100}.{amount % 100:02d}"


class Columns:
    """The profiles as columns: one entry per person (applicant first) or per household."""

    def __init__(self):
        self.person_household = []
        self.person_role = []
        self.monthly_income = []
        self.injured = []
        self.recognition = []
        self.grade = []
        self.wage = []
        self.hukou = []
        self.category = []
        self.other_yearly_income = []
        self.rigid = {key: [] for key in RIGID}
        self.proof = []

    def add(self, index: int, profile: dict) -> None:
        applicant = profile["applicant"]
        employment = profile.get("employment") or {}
        household = profile.get("household") or {}
        injury = profile.get("work_injury") or {}
        documents = profile.get("documents") or {}
        costs = household.get("rigid_costs") or {}

        self.person_household.append(index)
        self.person_role.append("applicant")
        self.monthly_income.append(to_fen(employment.get("monthly_income")))
        self.injured.append(bool(injury.get("injured", False)))
        self.recognition.append(injury.get("recognition") or "not_applied")
        grade = injury.get("disability_grade")
        self.grade.append(int(grade) if grade is not None else 0)
        self.wage.append(to_fen(injury.get("average_monthly_wage")))
        for member in household.get("members") or []:
            self.person_household.append(index)
            self.person_role.append("member")
            self.monthly_income.append(to_fen(member.get("monthly_income")))
            self.injured.append(False)
            self.recognition.append("not_applied")
            self.grade.append(0)
            self.wage.append(0)

        self.hukou.append(applicant["hukou"])
        self.category.append(applicant["category"])
        self.other_yearly_income.append(to_fen(household.get("other_yearly_income")))
        for key in RIGID:
            self.rigid[key].append(to_fen(costs.get(key)))
        self.proof.append(bool(documents.get("income_proof_complete", False)))


def build(system, columns: Columns, period: str):
    households = len(columns.hukou)
    persons = len(columns.person_household)
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", numpy.arange(persons))
    household = builder.declare_entity("household", numpy.arange(households))
    builder.join_with_persons(household, numpy.array(columns.person_household), numpy.array(columns.person_role))
    simulation = builder.build(system)

    def put(name, values, dtype=None):
        simulation.set_input(name, period, numpy.array(values, dtype=dtype))

    put("monthly_income", columns.monthly_income, numpy.int32)
    put("work_injured", columns.injured, bool)
    put("work_injury_recognition", columns.recognition)
    put("disability_grade", columns.grade, numpy.int32)
    put("average_monthly_wage", columns.wage, numpy.int32)
    put("applicant_hukou", columns.hukou)
    put("applicant_category", columns.category)
    put("other_yearly_income", columns.other_yearly_income, numpy.int32)
    for key in RIGID:
        put(f"rigid_costs_{key}", columns.rigid[key], numpy.int32)
    put("income_proof_complete", columns.proof, bool)
    return simulation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people")
    parser.add_argument("results")
    parser.add_argument("--period", default="2026-09")
    args = parser.parse_args()
    period = args.period

    setup_start = time.perf_counter()
    system = model.ReliefTaxBenefitSystem()
    setup = time.perf_counter() - setup_start

    clock = time.perf_counter
    start = clock()
    columns = Columns()
    with open(args.people, encoding="utf-8") as source:
        index = 0
        for line in source:
            if line.strip():
                columns.add(index, json.loads(line, parse_float=Decimal))
                index += 1
    people = len(columns.hukou)

    build_start = clock()
    simulation = build(system, columns, period)
    build_seconds = clock() - build_start

    compute = 0.0
    values = {}
    for name in ("living_relief_eligible", "living_relief", "festival_warmth_eligible", "festival_warmth",
                 "work_injury_eligible", "work_injury_subsidy"):
        before = clock()
        values[name] = simulation.calculate(name, period)
        compute += clock() - before

    # the work injury is the applicant's: one row per profile
    applicants = numpy.array(columns.person_role) == "applicant"
    outcomes = {
        "living_relief": (values["living_relief_eligible"], values["living_relief"]),
        "festival_warmth": (values["festival_warmth_eligible"], values["festival_warmth"]),
        "work_injury": (values["work_injury_eligible"][applicants], values["work_injury_subsidy"][applicants]),
    }
    columns_out = {name: ([("eligible" if e else "ineligible") for e in eligible.tolist()], amount.tolist())
                   for name, (eligible, amount) in outcomes.items()}
    with open(args.results, "w", encoding="utf-8") as out:
        lines = []
        for i in range(people):
            row = {"record": i + 1}
            for name, (eligible, amount) in columns_out.items():
                row[name] = {"outcome": eligible[i], "amount": yuan_text(amount[i])}
            lines.append(json.dumps(row, separators=(",", ":")))
        out.write("\n".join(lines) + ("\n" if lines else ""))
    all_in = clock() - start

    per_person = compute / people * 1e6 if people else 0.0
    print(f"openfisca all_in_seconds={all_in:.6f} compute_seconds={compute:.6f} build_seconds={build_seconds:.6f} "
          f"per_person_us={per_person:.3f} setup_seconds={setup:.6f} people={people}")


if __name__ == "__main__":
    main()
