"""Evaluate relief.zen.json (GoRules ZEN) for every profile of a JSON-lines file.

    python zen_bench.py PEOPLE.jsonl RESULTS.jsonl [--model relief.zen.json] [--async]

Writes one line per profile: {"record": n, "living_relief": {"outcome": "eligible", "amount": "11280.00"},
"festival_warmth": {…}, "work_injury": {…}}; prints one timing line:

    zen all_in_seconds=… compute_seconds=… engine_reported_seconds=… per_call_us=… setup_seconds=… people=…

* all-in: from opening the JSON-lines file to the results file written and closed;
* compute: the sum of the wall time of the ``evaluate`` calls;
* engine_reported: the sum of each result's ``performance`` field (ZEN's own timing of the graph,
  a string such as "102.7µs" or "1.6ms");
* per_call_us: compute ÷ people, in microseconds;
* setup: creating the engine and compiling the decision (before all-in starts).

``evaluate`` is the binding's synchronous call, the one the ZEN documentation shows. In zen-engine
2.1.3 each such call builds a multi-threaded async runtime (it reads the cgroup CPU quota and starts
and joins two threads), which costs more than the decision itself. With ``--async`` the same decisions
are made through ``async_evaluate``, awaited one at a time on one asyncio loop (no runtime per call);
the timing line then starts with ``zen-async``. Everything else is the same.

Each line is handed to ZEN as the JSON text itself: ZEN parses it into its own decimal numbers, so
money is exact from the file to the result (no Python float on the way in).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from decimal import Decimal
from pathlib import Path

import zen

PROGRAMMES = ("living_relief", "festival_warmth", "work_injury")
_UNITS = {"ns": 1e-9, "µs": 1e-6, "μs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
_PERFORMANCE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*(ns|µs|μs|us|ms|s)\s*$")


def performance_seconds(text: str) -> float:
    """ZEN's ``performance`` field ("70.3µs", "1.6ms", "2s") in seconds."""
    match = _PERFORMANCE.match(text)
    if not match:
        raise ValueError(f"unexpected ZEN performance value: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def yuan_text(value) -> str:
    """A ZEN number (int, or float carrying a decimal with at most two places) as "1234.50"."""
    if isinstance(value, int):
        return f"{value}.00"
    return str(Decimal(repr(float(value))).quantize(Decimal("0.01")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people")
    parser.add_argument("results")
    parser.add_argument("--model", default=str(Path(__file__).with_name("relief.zen.json")))
    parser.add_argument("--async", dest="use_async", action="store_true",
                        help="decide through async_evaluate, awaited one at a time")
    args = parser.parse_args()

    setup_start = time.perf_counter()
    engine = zen.ZenEngine()
    decision = engine.create_decision(Path(args.model).read_text(encoding="utf-8"))
    setup = time.perf_counter() - setup_start

    clock = time.perf_counter
    totals = {"compute": 0.0, "reported": 0.0, "people": 0}

    def record(response, lines):
        totals["reported"] += performance_seconds(response["performance"])
        result = response["result"]
        row = {"record": totals["people"]}
        for programme in PROGRAMMES:
            decided = result[programme]
            row[programme] = {"outcome": decided["outcome"], "amount": yuan_text(decided["amount"])}
        lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))

    def run_sync(source, lines):
        for line in source:
            line = line.strip()
            if not line:
                continue
            totals["people"] += 1
            before = clock()
            response = decision.evaluate(line)
            totals["compute"] += clock() - before
            record(response, lines)

    async def run_async(source, lines):
        for line in source:
            line = line.strip()
            if not line:
                continue
            totals["people"] += 1
            before = clock()
            response = await decision.async_evaluate(line)
            totals["compute"] += clock() - before
            record(response, lines)

    start = clock()
    with open(args.people, encoding="utf-8") as source, open(args.results, "w", encoding="utf-8") as out:
        lines = []
        if args.use_async:
            asyncio.run(run_async(source, lines))
        else:
            run_sync(source, lines)
        out.write("\n".join(lines) + ("\n" if lines else ""))
    all_in = clock() - start

    compute, reported, people = totals["compute"], totals["reported"], totals["people"]
    per_call = compute / people * 1e6 if people else 0.0
    label = "zen-async" if args.use_async else "zen"
    print(f"{label} all_in_seconds={all_in:.6f} compute_seconds={compute:.6f} engine_reported_seconds={reported:.6f} "
          f"per_call_us={per_call:.3f} setup_seconds={setup:.6f} people={people}")


if __name__ == "__main__":
    main()
