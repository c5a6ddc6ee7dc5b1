#!/usr/bin/env python3
"""Chaos test of the feedback form: no acknowledged submission may ever be lost.

Starts gunicorn (4 workers, preloaded app) on a temporary database, lets 32 clients submit the
form as browsers do (GET the form, POST it, retry the same form after any failure), and kills a
random worker with SIGKILL every few hundred milliseconds, until N submissions are acknowledged.
Then every acknowledged tracking code must be stored with exactly the text that was sent, no
form may be stored twice, and SQLite's integrity_check must say ok.

    .venv/bin/python scripts/chaos_feedback.py [--count 2000] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELD = r'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"'

APP_MODULE = """
import json, os
from tthc import create_app
from tthc.migrations.release import upgrade_database
config = json.loads(os.environ["CHAOS_APP_CONFIG"])
upgrade_database(config)  # the release step, once in the preloading master: workers never migrate
app = create_app(config)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hidden(html: str, name: str) -> str:
    match = re.search(FIELD.format(name=name), html)
    if not match:
        raise ValueError(f"no field {name} in the form")
    return match.group(1) or match.group(2) or ""


@dataclass
class Tally:
    acknowledged: dict[str, str] = field(default_factory=dict)  # code -> exact text sent
    sent_ids: dict[str, str] = field(default_factory=dict)  # submission id -> text
    problems: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client(threading.Thread):
    """One citizen after another: fetch the form, send it, retry the same form until answered."""

    def __init__(self, number: int, port: int, target: int, tally: Tally, stop: threading.Event):
        super().__init__(daemon=True)
        self.number, self.port, self.target, self.tally, self.stop = (
            number,
            port,
            target,
            tally,
            stop,
        )
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie" and value.startswith("session="):
                    self.cookie = value.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), data
        finally:
            connection.close()

    def fetch_form(self) -> dict[str, str]:
        while not self.stop.is_set():
            try:
                status, _, html = self.request("GET", "/phan-anh")
                if status == 200:
                    return {
                        n: hidden(html, n) for n in ("csrf_token", "submission_id", "form_token")
                    }
                self.note(f"form {status}")
            except (OSError, http.client.HTTPException, ValueError) as error:
                self.note(type(error).__name__)
            time.sleep(0.05)
        return {}

    def note(self, problem: str) -> None:
        with self.tally.lock:
            self.tally.problems[problem] += 1

    def run(self) -> None:
        sequence = 0
        while not self.stop.is_set():
            form = self.fetch_form()
            if not form:
                return
            sequence += 1
            text = (
                f"Phản ánh thử nghiệm số {sequence} của người gửi {self.number}: "
                f"thời hạn ghi trên trang chưa đúng ({secrets.token_hex(8)})."
            )
            body = urllib.parse.urlencode(
                {
                    **form,
                    "category": "quy_dinh",
                    "message": text,
                    "name": "Người thử nghiệm",
                    "phone": "0912 345 678",
                    "consent": "y",
                    "website": "",
                }
            )
            with self.tally.lock:
                self.tally.sent_ids[form["submission_id"]] = text
            while not self.stop.is_set():  # the same form again and again until acknowledged
                try:
                    status, location, _ = self.request("POST", "/phan-anh", body)
                except (OSError, http.client.HTTPException) as error:
                    self.note(f"POST {type(error).__name__}")
                    time.sleep(0.02)
                    continue
                if status == 303 and "/phan-anh/" in location:
                    code = location.rsplit("/", 1)[-1].replace("-", "")
                    with self.tally.lock:
                        previous = self.tally.acknowledged.setdefault(code, text)
                        if previous != text:
                            self.tally.problems["one code acknowledged for two texts"] += 1
                        if len(self.tally.acknowledged) >= self.target:
                            self.stop.set()
                    break
                self.note(f"POST {status}")
                time.sleep(0.05)


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def killer(master: int, stop: threading.Event, low: float, high: float, kills: list[int]) -> None:
    while not stop.wait(random.uniform(low, high)):  # noqa: S311 - chaos, not security
        pids = worker_pids(master)
        if pids:
            try:
                os.kill(random.choice(pids), signal.SIGKILL)  # noqa: S311
                kills.append(1)
            except ProcessLookupError:
                pass


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/phan-anh")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def stored_rows(url: str) -> list[tuple[str, str, str]]:
    query = "SELECT tracking_code, submission_id, message FROM feedback"
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return connection.execute(query).fetchall()
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        return connection.execute(query).fetchall()


def integrity(url: str) -> str:
    if not url.startswith("sqlite"):
        return "n/a (PostgreSQL)"
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


class PostgresDatabase:
    """A fresh database on the given server, dropped afterwards."""

    def __init__(self, server_url: str):
        import psycopg
        from sqlalchemy.engine import make_url

        self.admin = psycopg.connect(server_url, autocommit=True)
        self.name = f"tthc_chaos_{secrets.token_hex(6)}"
        self.admin.execute(f'CREATE DATABASE "{self.name}"')
        self.url = (
            make_url(server_url).set(database=self.name).render_as_string(hide_password=False)
        )

    def drop(self) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="acknowledged submissions to reach")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--kill-every",
        type=float,
        nargs=2,
        default=(0.2, 0.5),
        metavar=("MIN", "MAX"),
        help="seconds between two SIGKILLs (random in this range)",
    )
    parser.add_argument(
        "--database-url", help="a PostgreSQL server; a fresh database is made on it"
    )
    parser.add_argument(
        "--timeout", type=float, default=900, help="give up after this many seconds"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tthc-chaos-"))
    postgres = PostgresDatabase(args.database_url) if args.database_url else None
    url = postgres.url if postgres else f"sqlite:///{work / 'chaos.db'}"
    (work / "chaos_app.py").write_text(APP_MODULE)
    port = free_port()
    import json

    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT / "site")]),
        "CHAOS_APP_CONFIG": json.dumps(
            {
                "INSTANCE_PATH": str(work / "instance"),
                "SECRET_KEY": secrets.token_urlsafe(48),
                "DATABASE_URL": url,
                "INDEX_DIR": str(work / "index"),
                "UPLOAD_DIR": str(work / "uploads"),
                "RATELIMIT_ENABLED": False,
                "FEEDBACK_MIN_FILL_SECONDS": 0,
            }
        ),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_THREADS": "1",
        "ACCESS_LOG": "",
        "LOG_LEVEL": "error",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "chaos_app:app"]
    log = open(work / "gunicorn.log", "wb")  # noqa: SIM115 - open for the server's lifetime
    server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    tally, stop, kills = Tally(), threading.Event(), []
    started = time.time()
    try:
        wait_until_up(port, server)
        clients = [Client(n, port, args.count, tally, stop) for n in range(args.clients)]
        for client in clients:
            client.start()
        chaos = threading.Thread(
            target=killer, args=(server.pid, stop, *args.kill_every, kills), daemon=True
        )
        chaos.start()
        stop.wait(args.timeout)
        timed_out = not stop.is_set()
        stop.set()
        for client in clients:
            client.join(20)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    elapsed = time.time() - started

    rows = stored_rows(url)
    by_code = {code: message for code, _, message in rows}
    lost = [code for code in tally.acknowledged if code not in by_code]
    altered = [
        code
        for code, text in tally.acknowledged.items()
        if code in by_code and by_code[code] != text
    ]
    submission_ids = Counter(submission_id for _, submission_id, _ in rows)
    texts = Counter(message for _, _, message in rows)
    duplicates = sum(n - 1 for n in submission_ids.values() if n > 1) + sum(
        n - 1 for n in texts.values() if n > 1
    )
    unknown = [sid for sid in submission_ids if sid not in tally.sent_ids]
    check = integrity(url)
    if postgres:
        postgres.drop()

    where = f"PostgreSQL ({postgres.name})" if postgres else f"SQLite ({url})"
    print(f"database            {where}")
    print(f"elapsed             {elapsed:.1f} s")
    print(f"workers killed      {len(kills)}")
    print(f"forms sent          {len(tally.sent_ids)}")
    print(f"acknowledged        {len(tally.acknowledged)}")
    print(
        f"stored              {len(rows)}  (stored but never acknowledged: "
        f"{len(rows) - len(tally.acknowledged) - len(lost)})"
    )
    print(f"lost                {len(lost)}")
    print(f"altered             {len(altered)}")
    print(f"duplicates          {duplicates}")
    print(f"unknown rows        {len(unknown)}")
    print(f"integrity_check     {check}")
    print(
        "client problems     "
        + (", ".join(f"{k}: {v}" for k, v in tally.problems.most_common()) or "none")
    )
    ok = (
        not timed_out
        and not lost
        and not altered
        and not duplicates
        and not unknown
        and check in ("ok", "n/a (PostgreSQL)")
        and not tally.problems["one code acknowledged for two texts"]
        and len(tally.acknowledged) >= args.count
    )
    if timed_out:
        print(f"TIMED OUT after {args.timeout:.0f} s")
    print("RESULT              " + ("ok" if ok else "FAILED"))
    if ok and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"files kept in       {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
