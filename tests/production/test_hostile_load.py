"""gunicorn as scripts/serve runs it (no nginx in front), under clients that try to slow it down.

One instance on SQLite with deploy/gunicorn.conf.py's defaults: threaded workers, the app
preloaded and warmed in the master. The timings asserted are generous bounds for a loaded
2-core machine; what they tell apart is "answers" from "waits for the hostile clients".
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
import socket
import statistics
import threading
import time
import urllib.request
import uuid

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from production.servers import Gunicorn, NoRedirect, fetch

pytestmark = pytest.mark.slow

SECRET = "hostile-load-test-secret-key-long-enough-0123456789"
FILL_SECONDS = 3.2
ANSWER_WITHIN = 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    env = {
        "SECRET_KEY": SECRET,
        "INDEX_DIR": str(base / "index"),
        # The hostile clients share 127.0.0.1 with the citizen: the limit must not be what
        # protects the citizen here (it is tested in tests/feedback/test_ratelimit.py).
        "FEEDBACK_SUBMIT_LIMIT": "10000 per hour",
        "FLASK_APP": "tthc",
        "TRUSTED_PROXIES": "0",  # as scripts/serve: nothing in front
    }
    instance = Gunicorn(base / "app", env)
    for name in ("FORWARDED_ALLOW_IPS", "GUNICORN_THREADS"):  # the defaults of the config
        instance.env.pop(name, None)
    instance.start()
    # Wait for the warm-up in the master and the workers.
    deadline = time.monotonic() + 120
    while fetch(instance.url + "/healthz/ping")[0] != 200:
        assert time.monotonic() < deadline, "the instance never answered"
        time.sleep(0.5)
    try:
        yield instance
    finally:
        instance.stop()


def raw(port: int, request: bytes) -> tuple[int, dict[str, str]]:
    """Send bytes as they are; return the status and headers gunicorn answered with."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin1").split("\r\n")
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(head[0].split()[1]), headers


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (
            b"GET / HTTP/1.1\r\nHost: x\r\n"
            + b"".join(b"X-Filler-%d: y\r\n" % i for i in range(120))
            + b"\r\n",
            431,
        ),
        (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", 400),
    ],
    ids=["uri-too-long", "too-many-headers", "invalid-header"],
)
def test_responses_of_gunicorn_itself_carry_the_security_headers(server, request_bytes, status):
    answered, headers = raw(server.port, request_bytes)
    assert answered == status
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "referrer-policy" in headers and "permissions-policy" in headers


def test_x_forwarded_proto_is_not_believed_without_trusted_proxies(server):
    status, headers, _ = fetch(server.url + "/healthz/ping", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert "Strict-Transport-Security" not in headers


def timed_get(url: str) -> tuple[int, float]:
    """GET a URL; return its status and how long the answer took."""
    started = time.monotonic()
    status = fetch(url)[0]
    return status, time.monotonic() - started


def test_trickling_clients_do_not_stall_the_site(server):
    """Slow connections (slowloris headers, a POST body a byte at a time) hold a thread each,
    and a worker whose threads are all held leaves new connections to the other one: 12 slow
    clients are more than one worker's 8 threads."""
    stop = threading.Event()
    sockets = []
    for i in range(12):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        if i % 2:
            sock.sendall(b"POST /phan-anh HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n")
            sock.sendall(b"Content-Type: application/x-www-form-urlencoded\r\n\r\nmessage=")
        else:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        sockets.append(sock)

    def trickle():
        while not stop.wait(0.5):
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(b"a")

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        time.sleep(1.0)
        timings = []
        for path in ["/healthz/ping", "/", "/thu-tuc/1.004222", "/tim-kiem?q=ho+chieu"] * 3:
            status, elapsed = timed_get(server.url + path)
            assert status == 200, path
            timings.append(elapsed)
    finally:
        stop.set()
        trickler.join(5)
        for sock in sockets:
            sock.close()
    assert statistics.median(timings) < ANSWER_WITHIN, timings
    assert max(timings) < 3 * ANSWER_WITHIN, timings


class Citizen:
    """Cookies kept, redirects not followed: fills the feedback form like a person."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        self.fields: dict[str, str] = {}

    def open_form(self) -> None:
        with self.opener.open(f"{self.base_url}/phan-anh", timeout=30) as response:
            html = response.read().decode()
        form = BeautifulSoup(html, "html.parser").select_one("form[method=post]")
        self.fields = {
            field["name"]: field.get("value", "")
            for field in form.select("input[type=hidden][name]")
        }
        self.fields.update(
            category="kien_nghi",
            message="Đề nghị niêm yết thêm lệ phí tại quầy tiếp nhận.",
            name="Nguyễn Văn An",
            phone="0912345678",
            consent="y",
        )

    def submit(self, photo: bytes | None = None) -> int:
        fields = {**self.fields, "submission_id": str(uuid.uuid4())}
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            )
            body.write(value.encode() + b"\r\n")
        if photo is not None:
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
                f'filename="anh.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
            )
            body.write(photo + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            f"{self.base_url}/phan-anh",
            data=body.getvalue(),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def expensive_png() -> bytes:
    """The most expensive PNG the form still accepts: large, noisy, under every bound."""
    tile = Image.effect_noise((400, 400), 90).convert("RGB")
    image = Image.new("RGB", (4000, 3990))
    for x in range(0, 4000, 400):
        for y in range(0, 3990, 400):
            image.paste(tile, (x, y))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=9)
    return out.getvalue()


def test_a_citizen_is_answered_while_two_clients_loop_expensive_uploads(server):
    photo = expensive_png()
    assert len(photo) < 5 * 1024 * 1024
    hostile = [Citizen(server.url), Citizen(server.url)]
    citizen = Citizen(server.url)
    for person in (*hostile, citizen):
        person.open_form()
    time.sleep(FILL_SECONDS)
    stop = threading.Event()
    hostile_statuses: list[int] = []

    def loop(person: Citizen) -> None:
        while not stop.is_set():
            hostile_statuses.append(person.submit(photo))

    threads = [threading.Thread(target=loop, args=(person,), daemon=True) for person in hostile]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)  # both hostile clients are decoding by now
        submissions, health = [], []
        for _ in range(3):
            started = time.monotonic()
            assert citizen.submit() == 303
            submissions.append(time.monotonic() - started)
            health.append(fetch(server.url + "/healthz")[0])
            time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    assert set(health) == {200}
    assert statistics.median(submissions) < ANSWER_WITHIN, submissions
    # The hostile uploads were real work, accepted like a citizen's photo.
    assert set(hostile_statuses) == {303}, hostile_statuses
