"""Check that the peer engines decide every profile as Bangfu does, to the fen.

    python compare.py BANGFU.jsonl NAME=RESULTS.jsonl [NAME=RESULTS.jsonl ...] [--show 10]

BANGFU.jsonl is `bangfu batch --rules <assembled peer rule set> --format jsonl` output (bangfu.batch/1,
one line per profile, in input order). Each RESULTS.jsonl is a peer's results file (zen_bench.py,
openfisca_bench.py): one line per profile, {"record": n, "<programme>": {"outcome", "amount"}, …}.

For each programme the amount compared is, on Bangfu's side, the sum of the decision's cash (any
period) and its entitlement (what others owe): the living relief and festival cash, the work injury
subsidy. Prints the first disagreements and a count per engine; exit status 1 on any disagreement
(a missing or extra line, a Bangfu record in error included), 0 when all agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal

PROGRAMMES = ("living_relief", "festival_warmth", "work_injury")


def money(text) -> Decimal:
    return Decimal(str(text)).quantize(Decimal("0.01"))


def bangfu_rows(path: str):
    """Each Bangfu line as {programme: (outcome, amount)}, or a string saying why it cannot be compared."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            if "error" in record:
                yield record.get("record"), "not assessed: " + "; ".join(record["error"])
                continue
            decided = {}
            for decision in record["decisions"]:
                amount = money(decision.get("entitlement", "0"))
                for value in decision.get("cash", {}).values():
                    amount += money(value)
                decided[decision["programme"]] = (decision["outcome"], amount)
            yield record["record"], decided


def peer_rows(path: str):
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            yield record["record"], {p: (record[p]["outcome"], money(record[p]["amount"])) for p in PROGRAMMES}


def compare(bangfu: list, name: str, path: str, show: int) -> int:
    peer = list(peer_rows(path))
    problems = 0

    def report(text: str) -> None:
        nonlocal problems
        problems += 1
        if problems <= show:
            print(f"  {name}: {text}")

    if len(peer) != len(bangfu):
        report(f"{len(peer)} results for {len(bangfu)} Bangfu records")
    for (number, expected), (peer_number, actual) in zip(bangfu, peer):
        if peer_number != number:
            report(f"record {peer_number} where Bangfu has record {number}")
            continue
        if isinstance(expected, str):
            report(f"record {number}: Bangfu {expected}")
            continue
        for programme in PROGRAMMES:
            if programme not in expected:
                report(f"record {number}: Bangfu has no {programme} decision")
                continue
            (b_outcome, b_amount), (p_outcome, p_amount) = expected[programme], actual[programme]
            if b_outcome != p_outcome or b_amount != p_amount:
                report(f"record {number} {programme}: bangfu {b_outcome} {b_amount} ≠ {name} {p_outcome} {p_amount}")
    verdict = "agree" if problems == 0 else f"{problems} disagreements"
    print(f"compare {name}: {len(peer)} records × {len(PROGRAMMES)} programmes, {verdict}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bangfu")
    parser.add_argument("peers", nargs="+", metavar="NAME=RESULTS")
    parser.add_argument("--show", type=int, default=10, help="disagreements to print per engine")
    args = parser.parse_args()

    bangfu = list(bangfu_rows(args.bangfu))
    outcomes = {}
    for _, decided in bangfu:
        if isinstance(decided, dict):
            for programme, (outcome, _) in decided.items():
                outcomes[(programme, outcome)] = outcomes.get((programme, outcome), 0) + 1
    summary = ", ".join(f"{p} {o} {n}" for (p, o), n in sorted(outcomes.items()))
    print(f"bangfu: {len(bangfu)} records ({summary})")

    total = 0
    for spec in args.peers:
        name, _, path = spec.partition("=")
        if not path:
            parser.error(f"expected NAME=RESULTS, got {spec!r}")
        total += compare(bangfu, name, path, args.show)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
