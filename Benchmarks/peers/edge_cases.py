"""Write hand-made profiles that sit on the edges of the peer logic, one JSON line each.

    python edge_cases.py OUT.jsonl

The generated population (bangfu generate) has whole-yuan incomes: some nets fall on half a fen, but
none on a line, and no amount has cents. These profiles do: half-fen rounding across a line, each
threshold and the fen either side of it, money with cents and as strings, zero incomes and costs,
the wage floor and cap, no wage given, every disability grade. Every field the logic reads is given (a
blank is unknown to Bangfu, never 0), but for the wage, which the logic itself takes as the floor when
nobody gave it.
run.sh runs all three engines on them and compare.py must find them agreeing, like the population.
"""

from __future__ import annotations

import json
import sys


def id_number(n: int) -> str:
    """A valid ID number (GB 11643-1999) of a man born 1980-01-01: sequence 2n - 1 (odd), its check character."""
    first17 = f"11010519800101{2 * n - 1:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def person(n: int, hukou: str = "urban", category: str = "laid_off", **groups) -> dict:
    """An applicant with no income, costs or injury and no income proof, but for `groups`."""
    profile = {"applicant": {"id_number": id_number(n), "name": f"边界{n}", "birth_date": "1980-01-01",
                             "sex": "male", "hukou": hukou, "category": category},
               **income(0, proof=False), "work_injury": {"injured": False}}
    profile.update(groups)
    return profile


def income(monthly, size: int = 1, other=None, rigid=None, proof: bool = True) -> dict:
    """employment, household and documents groups: the applicant earns `monthly`, size - 1 members earn 0;
    other income and each rigid cost 0 unless given."""
    household = {"members": [{"name": f"成员{i}", "relation": "child", "monthly_income": 0} for i in range(size - 1)],
                 "other_yearly_income": 0 if other is None else other,
                 "rigid_costs": {kind: 0 for kind in ("medical", "disability", "schooling", "housing", "other")} | (rigid or {})}
    return {"employment": {"monthly_income": monthly}, "household": household,
            "documents": {"income_proof_complete": proof}}


def cases() -> list[dict]:
    out = []
    n = iter(range(1, 1000))

    def add(profile):
        out.append(profile)

    # net income per head exactly on 低保 (940.00: deep) and one fen above (relative)
    add(person(next(n), **income(940)))
    add(person(next(n), **income("940.01")))
    # exactly on 2 × 低保 (1880.00: none) and one fen below (relative)
    add(person(next(n), **income(1880)))
    add(person(next(n), **income(1879.99)))
    # half a fen: 45119.88 / 24 = 1879.995 → 1880.00 half-up (none); truncating would say relative
    add(person(next(n), **income(3759.99, size=2)))
    # 45600.12 / 24 = 1900.005 → 1900.01; rural, laid off: below 2.5 × 820 = 2050, festival only
    add(person(next(n), hukou="rural", **income("3800.01", size=2)))
    # 2.5 × 低保 for the means-tested groups: 2350.00 is not below (ineligible), 2349.99 is
    add(person(next(n), category="serious_illness", **income(2350)))
    add(person(next(n), category="work_injury", **income("2349.99")))
    add(person(next(n), category="migrant", **income("2349.99")))  # not a means-tested group
    # rural 2 × 820 = 1640 and 2.5 × 820 = 2050
    add(person(next(n), hukou="rural", **income(1640)))
    add(person(next(n), hukou="rural", **income("1639.99")))
    add(person(next(n), hukou="rural", category="laid_off", **income(2050)))
    add(person(next(n), hukou="rural", category="laid_off", **income("2049.99")))
    # rigid costs above income: net 0 (deep); costs with cents, every kind, as strings
    add(person(next(n), **income(1000, size=3, rigid={"medical": "9000.55", "disability": 1000, "schooling": "1.01",
                                                    "housing": 12000, "other": "0.99"})))
    add(person(next(n), **income(3000, size=3, other="1234.56",
                                 rigid={"medical": "4321.09", "other": 17.5})))
    # thirds of a fen: 10000.00 / 36 = 277.777… → 277.78; 10000.01 / 12 / 5 people
    add(person(next(n), **income(0, size=3, other=10000)))
    add(person(next(n), **income(0, size=5, other="10000.01")))
    # a deep household without its income proof: no living relief, festival still
    add(person(next(n), **income(500, size=2, proof=False)))
    # no income at all (deep, no proof)
    add(person(next(n)))
    add(person(next(n), category="model_worker", **income(0, size=2, proof=False)))
    # members with incomes, some with cents, one with none
    add(person(next(n), hukou="rural", employment={"monthly_income": "1200.50"},
               household={"members": [{"name": "甲", "relation": "spouse", "monthly_income": "800.25"},
                                      {"name": "乙", "relation": "child", "monthly_income": 0},
                                      {"name": "丙", "relation": "parent", "monthly_income": 333.33}],
                          "other_yearly_income": "99.99",
                          "rigid_costs": {"medical": "100.01", "disability": 0, "schooling": 0, "housing": 0, "other": 0}},
               documents={"income_proof_complete": True}))

    # work injury: the wage floor and cap (0.6 and 3 × 7000), cents, every grade, the missing cases
    def injury(**fields):
        base = {"injured": True, "recognition": "recognised"}
        base.update(fields)
        return base

    add(person(next(n), category="work_injury", work_injury=injury(disability_grade=1, average_monthly_wage="4199.99")))
    add(person(next(n), category="work_injury", work_injury=injury(disability_grade=1, average_monthly_wage=4200)))
    add(person(next(n), category="work_injury", work_injury=injury(disability_grade=2, average_monthly_wage="21000.01")))
    add(person(next(n), category="work_injury", work_injury=injury(disability_grade=3, average_monthly_wage=21000)))
    add(person(next(n), category="work_injury", work_injury=injury(disability_grade=10, average_monthly_wage="5123.45")))
    add(person(next(n), category="work_injury", work_injury=injury(disability_grade=7)))  # no wage: the floor
    for grade in range(1, 11):
        add(person(next(n), category="work_injury",
                   work_injury=injury(disability_grade=grade, average_monthly_wage=f"{4321 + grade}.{grade:02d}")))
    # not assessed for a grade yet (the schema's "none": null)
    add(person(next(n), category="work_injury", work_injury=injury(disability_grade=None, average_monthly_wage=6000)))
    add(person(next(n), category="work_injury", work_injury=injury(recognition="pending", disability_grade=4)))
    add(person(next(n), category="work_injury", work_injury=injury(recognition="refused", disability_grade=4)))
    add(person(next(n), category="work_injury",
               work_injury={"injured": False, "recognition": "recognised", "disability_grade": 4}))
    add(person(next(n), category="work_injury", work_injury={"injured": False, "family_of_deceased": True}))
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: edge_cases.py OUT.jsonl")
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        for profile in cases():
            out.write(json.dumps(profile, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
