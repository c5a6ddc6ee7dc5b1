#!/usr/bin/env python3
"""Requests per second of a procedure page against a trivial route of the same app, under gunicorn.

The same procedure in the JSON API (/api/v1/procedures/<code>) is measured beside the page.

Usage: .venv/bin/python scripts/bench_pages.py [--code 1.004222] [--duration 5] [--connections 16]

Starts gunicorn from this Python environment with 2 workers on a free loopback port and a
temporary instance folder, warms every procedure page up, then measures the trivial route
(/healthz/ping) and the procedure page in the same run, in alternating short rounds. Uses
wrk when it is installed, otherwise Python threads with keep-alive connections.
Exits 1 when the page or the API reaches less than 60 % of the trivial route.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIVIAL = "/healthz/ping"
THRESHOLD = 0.60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def start_gunicorn(port: int, instance: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        INSTANCE_PATH=str(instance),
        SECRET_KEY="bench-" + "x" * 40,
        TTHC_ENV="development",
        PYTHONPATH=str(ROOT / "site"),
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "tthc:create_app()",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            if fetch(port, TRIVIAL)[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def procedure_codes() -> list[str]:
    sys.path.insert(0, str(ROOT / "site"))
    from tthc.catalog.loader import load_catalog

    return [p.code for p in load_catalog(ROOT / "procedures").active]


def warm_up(port: int, codes: list[str]) -> dict[str, int]:
    """Fetch every procedure page twice (both workers) and return each page's size."""
    sizes = {}
    for code in codes:
        for _ in range(2):
            status, body = fetch(port, f"/thu-tuc/{code}")
            if status != 200:
                raise SystemExit(f"/thu-tuc/{code} answered {status}")
        sizes[code] = len(body)
    for _ in range(50):
        fetch(port, TRIVIAL)
    return sizes


def with_wrk(port: int, path: str, duration: int, connections: int) -> float:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise SystemExit(f"{path}: {errors.group(1)} error responses\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def with_threads(port: int, path: str, duration: int, connections: int) -> float:
    """Count answered requests from keep-alive clients; reconnect when the server closes."""
    counts = [0] * connections
    stop_at = time.monotonic() + duration

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop_at:
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"{path} answered {response.status}")
                counts[slot] += 1
                if response.will_close:
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="procedure to measure (default: the median-sized page)")
    parser.add_argument("--duration", type=int, default=2, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds of both")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--client", choices=("auto", "wrk", "threads"), default="auto")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    measure = with_wrk if use_wrk else with_threads
    codes = procedure_codes()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as instance:
        server = start_gunicorn(port, Path(instance))
        try:
            sizes = warm_up(port, codes)
            median_size = statistics.median(sizes.values())
            code = args.code or min(sizes, key=lambda c: abs(sizes[c] - median_size))
            page = f"/thu-tuc/{code}"
            api = f"/api/v1/procedures/{code}"
            for _ in range(4):  # both workers, then their memo
                if fetch(port, api)[0] != 200:
                    raise SystemExit(f"{api} did not answer 200")
            # Short alternating rounds, so a change in the machine's load hits both figures.
            trivial_runs, page_runs, api_runs = [], [], []
            for round_ in range(args.rounds):
                order = [(TRIVIAL, trivial_runs), (page, page_runs), (api, api_runs)]
                for path, runs in order if round_ % 2 == 0 else reversed(order):
                    runs.append(measure(port, path, args.duration, args.connections))
            trivial_rps = statistics.median(trivial_runs)
            page_rps = statistics.median(page_runs)
            api_rps = statistics.median(api_runs)
            round_ratios = [p / t for p, t in zip(page_runs, trivial_runs, strict=True)]
            api_ratios = [a / t for a, t in zip(api_runs, trivial_runs, strict=True)]
        finally:
            stop(server)

    ratio = statistics.median(round_ratios)
    api_ratio = statistics.median(api_ratios)
    figures = {
        "client": "wrk" if use_wrk else "python threads",
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "round_ratios": [round(r, 3) for r in round_ratios],
        "trivial_route": TRIVIAL,
        "trivial_rps": round(trivial_rps, 1),
        "page": page,
        "page_rps": round(page_rps, 1),
        "ratio": round(ratio, 3),
        "page_bytes": sizes[code],
        "median_page_bytes": median_size,
        "stylesheet_bytes": (ROOT / "static/css/site.css").stat().st_size,
        "api": api,
        "api_rps": round(api_rps, 1),
        "api_ratio": round(api_ratio, 3),
        "api_round_ratios": [round(r, 3) for r in api_ratios],
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"client: {figures['client']}, {args.connections} connections,", end=" ")
        print(f"{args.rounds} alternating rounds of {args.duration} s")
        print(f"{TRIVIAL:<24} {trivial_rps:10.1f} req/s")
        print(f"{page:<24} {page_rps:10.1f} req/s   ({sizes[code]} bytes of HTML)")
        print(f"ratio page / trivial: {ratio:.1%}", end=" ")
        print(f"(median of the rounds; needs at least {THRESHOLD:.0%})")
        print("ratios of the rounds: " + ", ".join(f"{r:.0%}" for r in round_ratios))
        print(f"median procedure page {median_size:.0f} B + CSS {figures['stylesheet_bytes']} B")
        print(f"{api:<24} {api_rps:10.1f} req/s   (the same procedure as JSON)")
        print(f"ratio API / trivial: {api_ratio:.1%} (needs at least {THRESHOLD:.0%}); rounds: "
              + ", ".join(f"{r:.0%}" for r in api_ratios))
    return 0 if ratio >= THRESHOLD and api_ratio >= THRESHOLD else 1


if __name__ == "__main__":
    sys.exit(main())
