#!/usr/bin/env python3
"""Load for the intake desk: N keep-alive connections for S seconds against one or more desks.

  load.py assess  --url URL [--url URL] --token T [--connections 32] [--seconds 10] [--profiles FILE]
  load.py grants  --url URL [--url URL] --token T --officer-token T [--connections 32] [--seconds 10]
  load.py mixed   --url URL [--url URL] --token T --officer-token T --seconds S --record FILE
  load.py verify  --record FILE --db PATH|postgres://…

`assess` posts /api/assess with the profiles (JSON, one a line, cycled; each sent with an ID number of
its own, so no two requests are the same applicant). `grants` first assesses the sample applicant
(eligible for living relief) for S seconds, then confirms the eligible programmes of those entries
(POST /api/decisions/{id}/grants) for at most S seconds. `mixed` does both at once, half the
connections each, keeps going through a desk's death (reconnecting), and writes every assessment and
grant answered 200 to FILE; `verify` counts how many of them the register holds. Figures are for a
closed loop (each connection sends its next request when the answer is in). Standard library only.
"""
import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
ENTRY_HEADER = b"bangfu-assessment-id"


# MARK: Profiles with ID numbers of their own

def check_character(seventeen):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(d) * w for d, w in zip(seventeen, weights)) % 11]


class Profiles:
    """The profiles cycled, each request's with a fresh ID number (its birth date and sex kept); `base`
    keeps runs against the same register from reusing numbers."""

    def __init__(self, path, base):
        with open(path, encoding="utf-8") as file:
            text = file.read()
        try:
            self.profiles = [json.loads(text)]
        except json.JSONDecodeError:
            self.profiles = [json.loads(line) for line in text.splitlines() if line.strip()]
        self.counter = base

    def next(self):
        profile = self.profiles[self.counter % len(self.profiles)]
        applicant = dict(profile["applicant"])
        self.counter += 1
        # A region code and a sequence number from the counter: 900,000 regions × 500 of each sex.
        region = 100000 + (self.counter // 500) % 900000
        sequence = (self.counter % 500) * 2 + (1 if applicant.get("sex") == "male" else 0)
        seventeen = f"{region:06d}{applicant['birth_date'].replace('-', '')}{sequence:03d}"
        applicant["id_number"] = seventeen + check_character(seventeen)
        return json.dumps(dict(profile, applicant=applicant), ensure_ascii=False).encode()


# MARK: HTTP/1.1 keep-alive

class Connection:
    def __init__(self, url):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self):
        if self.writer:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method, path, token, body=b""):
        """(status, headers, body); reconnects first when the last request closed the connection."""
        if self.writer is None:
            await self.open()
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        self.writer.write(head + body)
        reader = self.reader
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionResetError("the desk closed the connection")
        status = int(status_line.split(b" ", 2)[1])
        headers = {}
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if b"content-length" in headers:
            content = await reader.readexactly(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            chunks = []
            while True:
                size = int((await reader.readline()).split(b";")[0], 16)
                chunks.append(await reader.readexactly(size + 2))
                if size == 0:
                    break
            content = b"".join(chunk[:-2] for chunk in chunks)
        else:
            content = b""
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return status, headers, content


# MARK: Figures

class Figures:
    def __init__(self, name):
        self.name = name
        self.latencies = []   # seconds, of the answers with a 2xx status
        self.statuses = {}    # status (or the exception's name) → count
        self.started = self.ended = None

    def count(self, status, latency=None):
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if latency is not None:
            self.latencies.append(latency)

    def row(self):
        seconds = (self.ended or time.perf_counter()) - self.started
        answered = len(self.latencies)
        ordered = sorted(self.latencies)

        def percentile(p):
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("nan")
        errors = ", ".join(f"{key}: {value}" for key, value in sorted(self.statuses.items(), key=str)
                           if not (isinstance(key, int) and 200 <= key < 300)) or "none"
        return (f"{self.name:<28} {answered:>7} {answered / seconds:>9.0f} {percentile(0.5):>7.1f} {percentile(0.9):>7.1f} "
                f"{percentile(0.99):>7.1f} {(ordered[-1] * 1000 if ordered else float('nan')):>7.1f}   {seconds:5.1f} s   errors: {errors}")


HEADER = f"{'':<28} {'answers':>7} {'per s':>9} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'max ms':>7}"


async def timed(connection, figures, method, path, token, body=b""):
    """The request, counted: its answer, or None when the connection failed (then closed)."""
    started = time.perf_counter()
    try:
        answer = await connection.request(method, path, token, body)
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
        connection.close()
        figures.count(type(error).__name__)
        return None
    latency = time.perf_counter() - started
    figures.count(answer[0], latency if 200 <= answer[0] < 300 else None)
    return answer


def eligible_programmes(body):
    return [decision["programme"] for decision in json.loads(body).get("decisions", [])
            if decision.get("outcome") == "eligible"]


# MARK: Modes

async def run_for(seconds, workers):
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(worker(deadline) for worker in workers))


def connections(options):
    return [Connection(options.url[index % len(options.url)]) for index in range(options.connections)]


def assess_path(options):
    return "/api/assess" + (f"?on={options.on}" if options.on else "")


async def assess_mode(options, profiles):
    figures = Figures(f"assess ({len(options.url)} desk{'s' * (len(options.url) > 1)})")

    def worker(connection):
        async def loop(deadline):
            while time.perf_counter() < deadline:
                if await timed(connection, figures, "POST", assess_path(options), options.token, profiles.next()) is None:
                    await asyncio.sleep(0.05)
            connection.close()
        return loop
    figures.started = time.perf_counter()
    await run_for(options.seconds, [worker(c) for c in connections(options)])
    figures.ended = time.perf_counter()
    return [figures]


async def grants_mode(options, profiles):
    """Assessments first (the entries to confirm), then their confirmations, each phase timed alone."""
    assessed = Figures(f"assess for grants ({len(options.url)} desk{'s' * (len(options.url) > 1)})")
    confirmed = Figures(f"confirm grants ({len(options.url)} desk{'s' * (len(options.url) > 1)})")
    entries = []  # (connection index, entry id, programmes)
    pool = connections(options)

    def assessing(index):
        async def loop(deadline):
            while time.perf_counter() < deadline:
                answer = await timed(pool[index], assessed, "POST", assess_path(options), options.token, profiles.next())
                if answer and answer[0] == 200 and (programmes := eligible_programmes(answer[2])):
                    entries.append((index, int(answer[1][ENTRY_HEADER]), programmes))
        return loop
    assessed.started = time.perf_counter()
    await run_for(options.seconds, [assessing(index) for index in range(len(pool))])
    assessed.ended = time.perf_counter()

    # Each connection confirms the entries it made (its own desk), until they or the time run out.
    by_connection = {index: [] for index in range(len(pool))}
    for index, entry, programmes in entries:
        by_connection[index].append((entry, programmes))

    def confirming(index):
        async def loop(deadline):
            for entry, programmes in by_connection[index]:
                if time.perf_counter() >= deadline:
                    break
                body = json.dumps({"programmes": programmes}).encode()
                await timed(pool[index], confirmed, "POST", f"/api/decisions/{entry}/grants", options.officer_token, body)
            pool[index].close()
        return loop
    confirmed.started = time.perf_counter()
    await run_for(options.seconds, [confirming(index) for index in range(len(pool))])
    confirmed.ended = time.perf_counter()
    return [assessed, confirmed]


async def mixed_mode(options, profiles):
    """Half the connections assess, half assess and confirm at once, recording what was answered."""
    assessed, confirmed = Figures("assess (mixed)"), Figures("confirm grants (mixed)")
    answered_entries, answered_grants = [], []

    def worker(connection, confirms):
        async def loop(deadline):
            while time.perf_counter() < deadline:
                answer = await timed(connection, assessed, "POST", assess_path(options), options.token, profiles.next())
                if answer is None:
                    await asyncio.sleep(0.05)  # the desk is down: try again shortly
                    continue
                if answer[0] != 200:
                    continue
                entry = int(answer[1][ENTRY_HEADER])
                answered_entries.append(entry)
                if not confirms or not (programmes := eligible_programmes(answer[2])):
                    continue
                body = json.dumps({"programmes": programmes}).encode()
                granted = await timed(connection, confirmed, "POST", f"/api/decisions/{entry}/grants", options.officer_token, body)
                if granted and granted[0] == 200:
                    answered_grants.extend(grant["id"] for grant in json.loads(granted[2])["grants"])
            connection.close()
        return loop
    assessed.started = confirmed.started = time.perf_counter()
    await run_for(options.seconds, [worker(c, index % 2 == 1) for index, c in enumerate(connections(options))])
    assessed.ended = confirmed.ended = time.perf_counter()
    with open(options.record, "w") as file:
        json.dump({"assessments": answered_entries, "grants": answered_grants}, file)
    return [assessed, confirmed]


def verify(options):
    """Of the recorded answers, how many the register holds: (answered, found) for each table."""
    with open(options.record) as file:
        record = json.load(file)
    found = {}
    for table, ids in record.items():
        wanted = set(ids)
        if options.db.startswith("postgres://"):
            psql = shutil.which("psql") or "psql"
            output = subprocess.run([psql, options.db, "-At", "-c", f"SELECT id FROM {table}"],
                                    check=True, capture_output=True, text=True).stdout
            held = {int(line) for line in output.split()}
        else:
            with sqlite3.connect(f"file:{options.db}?mode=ro", uri=True) as database:
                held = {row[0] for row in database.execute(f"SELECT id FROM {table}")}
        found[table] = (len(wanted), len(wanted & held))
    for table, (answered, held) in found.items():
        print(f"{table:<12} answered {answered:>7}   found after kill -9 {held:>7}   lost {answered - held}")
    return all(answered == held for answered, held in found.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["assess", "grants", "mixed", "verify"])
    parser.add_argument("--url", action="append", default=[], help="a desk (repeat for several; connections alternate)")
    parser.add_argument("--token", help="an intake (or officer) API token, for the assessments")
    parser.add_argument("--officer-token", help="an officer's API token, for the grant confirmations")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10, help="each phase's length (at most 120)")
    parser.add_argument("--profiles", default=os.path.join(HERE, "profile.json"), help="a JSON profile, or JSON lines")
    parser.add_argument("--on", help="the assessment date (default: the desk's today)")
    parser.add_argument("--id-base", type=int, default=None, help="the first ID number's counter (default: random)")
    parser.add_argument("--record", help="mixed: where the answered ids go; verify: where they are read")
    parser.add_argument("--db", help="verify: the register (a SQLite file or a postgres:// URL)")
    options = parser.parse_args()
    if options.mode == "verify":
        sys.exit(0 if verify(options) else 1)
    if not options.url or not options.token or (options.mode != "assess" and not options.officer_token):
        parser.error("give --url and --token (and --officer-token for grants and mixed)")
    if not 0 < options.seconds <= 120:
        parser.error("--seconds is between 0 and 120")
    if options.mode == "mixed" and not options.record:
        parser.error("mixed needs --record FILE")
    base = options.id_base if options.id_base is not None else random.randrange(0, 400_000_000)
    profiles = Profiles(options.profiles, base)
    run = {"assess": assess_mode, "grants": grants_mode, "mixed": mixed_mode}[options.mode]
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    rows = asyncio.run(run(options, profiles))
    used = resource.getrusage(resource.RUSAGE_SELF)
    print(HEADER)
    for figures in rows:
        print(figures.row())
    client_cpu = (used.ru_utime - cpu.ru_utime) + (used.ru_stime - cpu.ru_stime)
    print(f"{options.connections} connections; the load tool used {client_cpu / (time.perf_counter() - started):.0%} "
          f"of a core; load average {' '.join(open('/proc/loadavg').read().split()[:3])}")


if __name__ == "__main__":
    main()
