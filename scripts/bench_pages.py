#!/usr/bin/env python3
"""Requests per second of public pages against a trivial route of the same app, under gunicorn.

Usage: .venv/bin/python scripts/bench_pages.py [--code 1.004222] [--duration 5]
       [--connections 1,4] [--workers 2] [--worker-class sync]

Starts gunicorn as deployed (deploy/gunicorn.conf.py, 2 workers) on a free loopback port and a
temporary instance folder, warms every procedure page up, then measures the trivial route
(/healthz/ping), a procedure page, the search page and the search API in the same run, in short
rounds whose order rotates, at each connection count given (default 1 and 4), and prints each
one's ratio to the trivial route at the largest count. One connection gives a request's own
latency spread, with nothing queued before it; more connections give the spread under load,
which on a machine that runs the client beside the server is mostly waiting for a CPU. The
same rounds measure scripts/bench_floor_app.py (two lines of WSGI) under the same gunicorn
settings: its p99/p50 at each count is the spread this machine and gunicorn give before the
site adds any. Then, on a one-worker instance, the first request of each route on a new worker
(the worker replaced as max_requests does) against the same route warm. Uses wrk when it is
installed, otherwise Python threads with keep-alive connections. Exits 1 when the procedure page
or its JSON (/api/v1/procedures/<code>) reaches less than 60 % of the trivial route.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import re
import runpy
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

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


def start_gunicorn(
    port: int, instance: Path, workers: int = 2, worker_class: str | None = None
) -> subprocess.Popen:
    """gunicorn as deployed (deploy/gunicorn.conf.py: threads, preload, warm-up before fork),
    or with another worker class for comparison (--worker-class)."""
    env = dict(
        os.environ,
        INSTANCE_PATH=str(instance),
        SECRET_KEY="bench-" + "x" * 40,
        TTHC_ENV="development",
        PYTHONPATH=str(ROOT / "site"),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        ACCESS_LOG="",
        LOG_LEVEL="warning",
    )
    # As scripts/serve: the release step migrates the database and builds the index first.
    release = Path(sys.executable).parent / "tthc-release"
    done = subprocess.run(  # noqa: S603 - our own entry point, no shell
        [str(release)], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"tthc-release failed: {done.stderr[-2000:]}")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "tthc:create_app()",
    ]
    if worker_class:
        command[-1:-1] = ["--worker-class", worker_class]
    return answering(command, env, port, TRIVIAL, "gunicorn")


def answering(command: list[str], env: dict, port: int, path: str, name: str) -> subprocess.Popen:
    """Start a server and return it once `path` answers 200 on `port` (within 120 s)."""
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{name} exited with status {server.returncode}")
        try:
            if fetch(port, path)[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit(f"{name} did not answer within 120 s")


def start_floor(port: int, workers: int, worker_class: str | None) -> subprocess.Popen:
    """scripts/bench_floor_app.py under gunicorn with the site's worker class, threads and
    keep-alive, and as many workers: the spread it shows is the machine's and gunicorn's."""
    deployed = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "site"))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class or deployed['worker_class']}",
        f"--threads={deployed['threads']}",
        f"--keep-alive={deployed['keepalive']}",
        "--log-level=warning",
        f"--chdir={ROOT / 'scripts'}",
        "bench_floor_app:app",
    ]
    return answering(command, env, port, "/", "the floor app's gunicorn")


def workers_of(master: int) -> set[int]:
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.add(int(stat.parent.name))
    return children


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1
    return int(fields[11]) + int(fields[12])  # utime + stime


# This kind of machine answers any request that follows an idle pause more slowly (a plain
# python -m http.server: 3 ms back to back, 12 ms after 0.2 s idle, 36 ms after 2 s): the first
# request of a new worker follows the quiet pause of its warm-up, so the warm requests it is
# compared with each follow a pause as long.
QUIET = 0.5


def after_idle(port: int, path: str) -> float:
    time.sleep(QUIET)
    return timed(port, path)


def wait_until_idle(pids: set[int], quiet: float = QUIET, limit: float = 30.0) -> None:
    """Wait until the new worker has used no CPU for `quiet` seconds: its warm-up is over and it
    is accepting (a fixed sleep measured the warm-up itself whenever the machine was slow)."""
    deadline = time.monotonic() + limit
    last = {pid: cpu_ticks(pid) for pid in pids}
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = {pid: cpu_ticks(pid) for pid in pids}
        if now == last:
            return
        last = now


def timed(port: int, path: str) -> float:
    started = time.perf_counter()
    status, _ = fetch(port, path)
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    return (time.perf_counter() - started) * 1000


def first_requests(
    routes: dict[str, Callable[[int], str]], repeats: int = 5, worker_class: str | None = None
) -> dict[str, dict[str, float]]:
    """One worker: the first request of each route on a new worker (replaced as max_requests
    does) against five requests of the same kind on that same worker, measured right after it
    (so a change in the machine's load falls on both alike), each after the same idle pause
    as the first (see QUIET), in ms.

    A route is a function of a counter. A page gives the same address every time. A search
    gives a query no worker has answered yet, for the first request and for the ten warm ones
    alike: the first search of a new worker is a memo miss, and so is its like on a warm
    worker. Whatever is left is what the new worker had not made ready. "repeated" is the first
    address again, now answered from the worker's memo, for comparison.
    """
    port = free_port()
    firsts: dict[str, list[float]] = {name: [] for name in routes}
    warms: dict[str, list[float]] = {name: [] for name in routes}
    repeated: dict[str, list[float]] = {name: [] for name in routes}
    counter = itertools.count()
    with tempfile.TemporaryDirectory(prefix="bench-first-") as instance:
        server = start_gunicorn(port, Path(instance), workers=1, worker_class=worker_class)
        try:
            for address in routes.values():
                timed(port, address(next(counter)))
            for _ in range(repeats):
                for name, address in routes.items():
                    old = workers_of(server.pid)
                    for pid in old:
                        os.kill(pid, signal.SIGTERM)
                    deadline = time.monotonic() + 60
                    while not (workers_of(server.pid) - old) and time.monotonic() < deadline:
                        time.sleep(0.05)
                    # The new worker's post_worker_init (warm-up) must be over, as in
                    # production, where the other workers serve until then.
                    wait_until_idle(workers_of(server.pid) - old)
                    first = address(next(counter))
                    firsts[name].append(timed(port, first))
                    warms[name] += [after_idle(port, address(next(counter))) for _ in range(5)]
                    repeated[name] += [after_idle(port, first) for _ in range(5)]
        finally:
            stop(server)
    return {
        name: {
            "first_ms": statistics.median(firsts[name]),
            "warm_ms": statistics.median(warms[name]),
            "repeated_ms": statistics.median(repeated[name]),
            "ratio": statistics.median(firsts[name]) / statistics.median(warms[name]),
        }
        for name in routes
    }


def search_queries() -> list[str]:
    """Distinct two-word queries without diacritics, as typed on a phone, from the catalogue's
    procedure names, in a fixed shuffled order."""
    sys.path.insert(0, str(ROOT / "site"))
    from tthc.catalog.loader import load_catalog
    from tthc.text import fold

    queries = set()
    for procedure in load_catalog(ROOT / "procedures").active:
        words = fold(procedure.name).split()
        queries.update(" ".join(words[i : i + 2]) for i in range(len(words) - 1))
    ordered = sorted(queries)
    random.Random(2026).shuffle(ordered)  # noqa: S311 - a fixed benchmark order, not a secret
    return ordered


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


def with_wrk(port: int, path: str, duration: int, connections: int) -> tuple[float, float, float]:
    """Return req/s, p50 and p99 in ms."""
    result = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",  # wrk refuses more threads than connections
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise SystemExit(f"{path}: {errors.group(1)} error responses\n{result.stdout}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    return rps, wrk_ms(result.stdout, "50%"), wrk_ms(result.stdout, "99%")


def wrk_ms(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\b", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def with_threads(port: int, path: str, duration: int, connections: int) -> tuple[float, ...]:
    """Count answered requests from keep-alive clients; reconnect when the server closes.
    Return req/s, p50 and p99 in ms."""
    counts = [0] * connections
    latencies: list[float] = []
    stop_at = time.monotonic() + duration

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop_at:
            try:
                sent = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise SystemExit(f"{path} answered {response.status}")
                latencies.append((time.perf_counter() - sent) * 1000)
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
    cuts = statistics.quantiles(latencies, n=100)
    return sum(counts) / (time.monotonic() - started), cuts[49], cuts[98]


SEARCH_PAGE = "/tim-kiem?q=dang+ky+tam+tru"
FLOOR = "floor"
SEARCH_API = "/api/v1/search?q=can+cuoc+cong+dan"
TARGETS = {"page": 0.8, "procedure API": 0.6, "search page": 0.5, "search API": 0.8}


def connection_counts(text: str) -> list[int]:
    try:
        counts = sorted({int(part) for part in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text}") from None
    if counts[0] < 1:
        raise argparse.ArgumentTypeError("every connection count must be 1 or more")
    return counts


def spread_of(rounds: dict[str, list[tuple[float, ...]]]) -> dict[str, dict[str, float]]:
    """req/s, p50 and p99 of each route at one load, the medians of its rounds', and the
    spread p99/p50 (target ≤ 3)."""
    medians = {
        name: [statistics.median(r[index] for r in measured) for index in range(3)]
        for name, measured in rounds.items()
    }
    return {
        "rps": {name: round(m[0], 1) for name, m in medians.items()},
        "p50_ms": {name: round(m[1], 2) for name, m in medians.items()},
        "p99_ms": {name: round(m[2], 2) for name, m in medians.items()},
        "p99_over_p50": {name: round(m[2] / m[1], 1) for name, m in medians.items()},
    }


def print_spread(
    connections: int, routes: dict[str, str], spread: dict, ratios: dict[str, float] | None
) -> None:
    """One load's rows: req/s, p50, p99 and p99/p50 of each route and of the floor app, and
    the ratios to the trivial route when they are read at this load."""
    print(f"{connections} connection{'s' if connections > 1 else ''}:")
    for name, path in [*routes.items(), (FLOOR, "scripts/bench_floor_app.py")]:
        ratio = ""
        if ratios and name in ratios:
            ratio = f"{ratios[name]:6.2f} × trivial (target {TARGETS[name]})"
        print(
            f"  {path:40} {spread['rps'][name]:10.1f} req/s  p50 {spread['p50_ms'][name]:6.2f} ms"
            f" p99 {spread['p99_ms'][name]:7.2f} ms ({spread['p99_over_p50'][name]:4.1f}×)  {ratio}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="procedure to measure (default: the median-sized page)")
    parser.add_argument("--duration", type=int, default=2, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds of all routes")
    parser.add_argument(
        "--connections",
        type=connection_counts,
        default=[1, 4],
        help="comma-separated connection counts, each measured in every round (default 1,4);"
        " the req/s ratios are read at the largest",
    )
    parser.add_argument("--client", choices=("auto", "wrk", "threads"), default="auto")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--worker-class",
        help="gunicorn worker class instead of the deployed one, e.g. sync: one request at a time"
        " per worker, no threads, nothing that can reorder or hold up a request in the server;"
        " its p99/p50 is the machine's own",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    measure = with_wrk if use_wrk else with_threads
    codes = procedure_codes()
    port = free_port()
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    floor_port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as instance:
        server = start_gunicorn(port, Path(instance), args.workers, args.worker_class)
        floor = start_floor(floor_port, args.workers, args.worker_class)
        try:
            sizes = warm_up(port, codes)
            median_size = statistics.median(sizes.values())
            code = args.code or min(sizes, key=lambda c: abs(sizes[c] - median_size))
            routes = {
                "trivial": TRIVIAL,
                "page": f"/thu-tuc/{code}",
                "search page": SEARCH_PAGE,
                "search API": SEARCH_API,
                "procedure API": f"/api/v1/procedures/{code}",
            }
            addresses = {name: (port, path) for name, path in routes.items()}
            addresses[FLOOR] = (floor_port, "/")
            for server_port, path in addresses.values():
                fetch(server_port, path)
            # Short rounds, the routes in a rotating order, so that a change in the machine's
            # load falls on all of them alike.
            runs: dict[tuple[int, str], list[tuple[float, ...]]] = {
                (count, name): [] for count in args.connections for name in addresses
            }
            names = list(addresses)
            for round_ in range(args.rounds):
                shift = round_ % len(names)
                for count in args.connections:
                    for name in names[shift:] + names[:shift]:
                        runs[count, name].append(measure(*addresses[name], args.duration, count))
        finally:
            stop(floor)
            stop(server)
    queries = search_queries()

    def searched(path: str) -> Callable[[int], str]:
        return lambda n: path + "?" + urlencode({"q": queries[n % len(queries)]})

    first = first_requests(
        {
            TRIVIAL: lambda _n: TRIVIAL,
            routes["page"]: lambda _n: routes["page"],
            "/tim-kiem (a new query each time)": searched("/tim-kiem"),
            "/api/v1/search (a new query each time)": searched("/api/v1/search"),
        },
        worker_class=args.worker_class,
    )

    loaded = args.connections[-1]
    ratios = {
        name: statistics.median(
            r[0] / t[0] for r, t in zip(runs[loaded, name], runs[loaded, "trivial"], strict=True)
        )
        for name in routes
        if name != "trivial"
    }
    spreads = {
        count: spread_of({name: runs[count, name] for name in addresses})
        for count in args.connections
    }
    from tthc.web.stylesheets import minified  # on sys.path since procedure_codes()

    css = len(minified(ROOT / "static/css/site.css").body)  # as served
    figures = {
        "client": "wrk" if use_wrk else "python threads",
        "connections": args.connections,
        "workers": args.workers,
        "worker_class": args.worker_class or "deployed (tthc.serving.ThreadWorker)",
        "duration_s": args.duration,
        "rounds": args.rounds,
        "load_average_before": load_before,
        "routes": routes,
        # FLOOR is the two-line WSGI app under the same gunicorn settings, in the same rounds:
        # the part of every route's spread that the site does not add.
        "floor_app": "scripts/bench_floor_app.py",
        "by_connections": spreads,
        "ratios_at_connections": loaded,
        "ratios": {name: round(r, 3) for name, r in ratios.items()},
        "ratio": round(ratios["page"], 3),
        "first_request": {
            path: {key: round(value, 2) for key, value in row.items()}
            for path, row in first.items()
        },
        "page_bytes": sizes[code],
        "median_page_bytes": median_size,
        "largest_page": max(sizes, key=sizes.get),
        "largest_page_bytes": max(sizes.values()),
        "stylesheet_bytes": css,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{args.workers} workers, {figures['worker_class']};", end=" ")
        print(f"client: {figures['client']},", end=" ")
        print(f"{args.rounds} interleaved rounds of {args.duration} s; load average {load_before}")
        for count, spread in spreads.items():
            print_spread(count, routes, spread, ratios if count == loaded else None)
        floors = ", ".join(
            f"{spread['p99_over_p50'][FLOOR]}× at {count}" for count, spread in spreads.items()
        )
        print(
            "p99/p50 target ≤ 3×; the two-line WSGI app under the same gunicorn settings"
            f" reads {floors} on this machine in the same rounds"
        )
        print(
            "first request of a new worker against five more of its kind,"
            " each after the same idle pause (target ≤ 3×):"
        )
        for path, row in first.items():
            print(
                f"  {path:40} {row['first_ms']:8.1f} ms vs {row['warm_ms']:6.1f} ms:"
                f" {row['ratio']:.1f}× (the first again, from the memo:"
                f" {row['repeated_ms']:.1f} ms)"
            )
        print(f"median procedure page {median_size:.0f} B + CSS {css} B; largest", end=" ")
        print(f"{figures['largest_page']} {figures['largest_page_bytes']} B + CSS")
    return 0 if min(ratios["page"], ratios["procedure API"]) >= THRESHOLD else 1


if __name__ == "__main__":
    sys.exit(main())
