"""Real servers on loopback for the production tests: nginx, PostgreSQL and gunicorn."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_debian_packages(binary: str, *packages: str) -> None:
    """Install the packages when `binary` is missing; skip the test, visibly, when apt cannot."""
    if Path(binary).exists() or shutil.which(binary):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=False, env=env, timeout=300)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
            check=True,
            env=env,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"{binary} is missing and apt-get could not install {packages}: {error}")


def wait_for_port(port: int, timeout: float = 20.0, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def stop(process: subprocess.Popen, timeout: float = 15.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class LoopbackServer:
    """A server process of ours listening on 127.0.0.1:port."""

    port: int
    process: subprocess.Popen | None = None

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Nginx(LoopbackServer):
    """Debian's nginx in the foreground with its own prefix, pid and temp folders."""

    def __init__(self, workdir: Path, export_dir: Path, upstreams: list[int]) -> None:
        ensure_debian_packages(NGINX, "nginx-light")
        self.workdir = workdir
        self.port = free_port()
        servers = "\n".join(
            f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in upstreams
        )
        workdir.mkdir(parents=True, exist_ok=True)
        self.conf = workdir / "nginx.conf"
        # pytest's temporary folders are private to us: as root, workers must be us to read them.
        user = "user root root;" if os.geteuid() == 0 else ""
        self.conf.write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream tthc_app {{
{servers}
        keepalive 8;
    }}
    include {export_dir}/nginx/tthc-maps.conf;
    server {{
        listen 127.0.0.1:{self.port};
        client_max_body_size 7m;
        include {export_dir}/nginx/tthc-site.conf;
    }}
}}
""")

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [NGINX, "-t", "-p", str(self.workdir), "-c", str(self.conf)],
            capture_output=True,
            text=True,
        )

    def start(self) -> Nginx:
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.workdir), "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self


class Postgres:
    """A throwaway PostgreSQL cluster on loopback (as the postgres user when we are root)."""

    def __init__(self, workdir: Path) -> None:
        if not PG_BIN_DIRS:
            ensure_debian_packages("/usr/lib/postgresql", "postgresql")
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
        if not bins:
            pytest.skip("PostgreSQL server binaries not found after installing postgresql")
        self.bin = bins[0]
        self.workdir = workdir
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            if not postgres_user_exists():
                pytest.skip("PostgreSQL refuses to run as root and there is no postgres user")
            self.as_user = ["runuser", "-u", "postgres", "--"]
            # pytest's folders are private to root; the postgres user gets a folder of its own.
            self.workdir = workdir = Path(tempfile.mkdtemp(prefix="tthc-pg-"))
            shutil.chown(workdir, "postgres", "postgres")
        self.data = workdir / "data"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> Postgres:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
        )
        options = f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.workdir / "log"),
            "start",
        )
        self._run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "tthc",
        )
        return self

    def stop(self) -> None:
        subprocess.run(
            [
                *self.as_user,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/tthc"


def postgres_user_exists() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True


class Gunicorn(LoopbackServer):
    """One application instance, as deploy/gunicorn.conf.py runs it."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            **env,
            "BIND": f"127.0.0.1:{self.port}",
            "INSTANCE_PATH": str(workdir / "instance"),
            "WEB_CONCURRENCY": "2",
            "ACCESS_LOG": str(workdir / "access.log"),
            "ERROR_LOG": str(workdir / "error.log"),
        }

    def start(self) -> Gunicorn:
        # The release step first, as scripts/serve and deploy/ run it: workers never migrate.
        release = Path(sys.executable).parent / "tthc-release"
        done = subprocess.run(
            [str(release)], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            raise RuntimeError(f"tthc-release failed: {done.stderr[-2000:]}")
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "--config",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "tthc:create_app()",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, timeout=90, process=self.process)
        return self


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None, data: bytes | None = None):
    """GET (or POST) without following redirects: (status, headers, body)."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with _opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


REDIS = "/usr/bin/redis-server"


class Redis(LoopbackServer):
    """Debian's redis-server on loopback, in memory only (no RDB, no AOF)."""

    def __init__(self, workdir: Path) -> None:
        ensure_debian_packages(REDIS, "redis-server")
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()

    def start(self) -> Redis:
        self.process = subprocess.Popen(
            [
                REDIS,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self

    @property
    def uri(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"
