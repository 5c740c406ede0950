"""deploy/nginx.conf in front of two app processes on loopback: TLS, sticky sessions by cookie,
websocket upgrades and the health check, with a browser signing in through it.

nginx runs as an ordinary foreground process (`-g 'daemon off;'`) with its pid, logs and
temporary files under a temporary prefix, on free loopback ports.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from ipaddress import IPv4Address
from pathlib import Path

import pytest

from dashboard.sample_data import demo
from dashboard.data import migrate
from dashboard.data.database import Database
from tests.browser.helpers import sign_in

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:/sbin")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install "
                                             "nginx-light); .ci/run installs it so CI runs this"),
]

UNVERIFIED = ssl._create_unverified_context()  # the test's own self-signed certificate


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float = 60):
    """Poll the health check until it answers 200; fail with the log if the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2, context=UNVERIFIED) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not become healthy in time: {log.read_text()[-2000:]}")


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(IPv4Address("127.0.0.1"))]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    cert, key_file = directory / "cert.pem", directory / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert, key_file


@dataclass
class Proxy:
    """nginx on loopback in front of two Streamlit processes sharing one database."""

    url: str
    http_port: int
    app_ports: list[int]
    access_log: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def log_lines(self) -> list[dict]:
        """The access log as dicts: request, status, upstream, route."""
        pattern = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) upstream=(?P<upstream>\S*) '
                             r'route=(?P<route>\S*)')
        return [match.groupdict() for match in map(pattern.search,
                                                   self.access_log.read_text().splitlines())
                if match]


def render(values: dict[str, str]) -> str:
    """deploy/nginx.conf with its placeholders filled in (nginx's own $variables untouched)."""
    text = TEMPLATE.read_text()
    placeholders = set(re.findall(r"\$\{([A-Z_]+)\}", text))
    assert placeholders == set(values), "the template's placeholders changed"
    return string.Template(text).safe_substitute(values)


@pytest.fixture(scope="module")
def proxy() -> Iterator[Proxy]:
    workdir = Path(tempfile.mkdtemp(prefix="dashboard-nginx-"))
    workdir.chmod(0o755)  # nginx workers may run as another user when the test runs as root
    processes: list[subprocess.Popen] = []
    db = Database.from_url(f"sqlite:///{workdir / 'practice.db'}")
    try:
        migrate.upgrade(db)
        demo.load_demo(db=db, today=date.today())
        https_port, http_port = free_port(), free_port()
        origin = f"https://127.0.0.1:{https_port}"
        env = {**os.environ, "DASHBOARD_DB_URL": str(db.engine.url),
               "DASHBOARD_BASE_URL": origin}
        app_ports = [free_port(), free_port()]
        for port in app_ports:
            log = workdir / f"app-{port}.log"
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                 "--server.port", str(port), "--server.address", "127.0.0.1",
                 "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT))
        for port, process in zip(app_ports, processes):
            wait_until_healthy(f"http://127.0.0.1:{port}/_stcore/health", process,
                               workdir / f"app-{port}.log")

        prefix = workdir / "nginx"
        for name in ("logs", "run", "temp"):
            (prefix / name).mkdir(parents=True)
        (prefix / "temp").chmod(0o777)
        cert, key = self_signed_certificate(prefix)
        config = prefix / "nginx.conf"
        config.write_text(render({
            "RUN_DIR": str(prefix / "run"), "LOG_DIR": str(prefix / "logs"),
            "TEMP_DIR": str(prefix / "temp"),
            "HTTP_LISTEN": f"127.0.0.1:{http_port}", "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
            "SERVER_NAME": "127.0.0.1 localhost", "PUBLIC_ORIGIN": origin,
            "TLS_CERTIFICATE": str(cert), "TLS_CERTIFICATE_KEY": str(key),
            "APP_SERVERS": "\n        ".join(f"server 127.0.0.1:{port} max_fails=2 "
                                             f"fail_timeout=10s;" for port in app_ports),
        }))
        command = [NGINX, "-p", str(prefix), "-c", str(config),
                   "-e", str(prefix / "logs" / "error.log"), "-g", "daemon off;"]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        nginx_log = prefix / "logs" / "nginx.out"
        processes.append(subprocess.Popen(command, stdout=nginx_log.open("w"),
                                          stderr=subprocess.STDOUT))
        wait_until_healthy(f"{origin}/_stcore/health", processes[-1],
                           prefix / "logs" / "error.log")
        yield Proxy(origin, http_port, app_ports, prefix / "logs" / "access.log", processes)
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                # nginx shuts down gracefully on SIGQUIT; Streamlit on SIGTERM.
                process.send_signal(signal.SIGQUIT if process.args[0] == NGINX
                                    else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        db.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


def get(port: int, path: str, *, tls: bool = True, cookie: str | None = None):
    """One request without following redirects: (status, headers, body)."""
    connection = (http.client.HTTPSConnection("127.0.0.1", port, context=UNVERIFIED, timeout=10)
                  if tls else http.client.HTTPConnection("127.0.0.1", port, timeout=10))
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        answer = connection.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        connection.close()


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_health_check_answers_through_tls_and_plain_http_redirects(proxy):
    status, _, body = get(port_of(proxy.url), "/_stcore/health")
    assert (status, body) == (200, b"ok")
    status, headers, _ = get(proxy.http_port, "/couple?couple=C-102", tls=False)
    assert status == 301
    assert headers["Location"] == f"{proxy.url}/couple?couple=C-102"


def test_a_route_cookie_keeps_one_app_process_and_routes_spread_over_both(proxy):
    port = port_of(proxy.url)
    status, headers, _ = get(port, "/")
    cookie = headers["Set-Cookie"]
    assert status == 200
    assert cookie.startswith("dashboard_route=") and "Secure" in cookie and "HttpOnly" in cookie
    route = cookie.split(";")[0]
    for _ in range(8):
        get(port, "/", cookie=route)
    for number in range(24):
        get(port, "/", cookie=f"dashboard_route=visitor-{number}")
    lines = [line for line in proxy.log_lines() if line["request"].startswith("GET / ")]
    mine = {line["upstream"] for line in lines if line["route"] == route.split("=", 1)[1]}
    assert len(mine) == 1  # sticky
    assert {line["upstream"] for line in lines} == {f"127.0.0.1:{p}" for p in proxy.app_ports}


def test_a_clinician_signs_in_opens_a_couple_and_sees_the_charts_through_the_proxy(
        browser, proxy):
    context = browser.new_context(ignore_https_errors=True,
                                  viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, proxy)
        page.goto(f"{proxy.url}/couple?couple=C-102")
        page.get_by_role("heading", name="C-102 · ").wait_for()
        page.get_by_text("Since the last session", exact=True).wait_for()
        page.locator(".vega-embed").nth(3).wait_for()
        assert page.locator(".vega-embed canvas, .vega-embed svg").count() >= 4
        route = next(c["value"] for c in context.cookies() if c["name"] == "dashboard_route")
    finally:
        context.close()
    # nginx logs the websocket once it closes, just after the browser context did.
    deadline = time.monotonic() + 15
    while True:
        mine = [line for line in proxy.log_lines() if line["route"] == route]
        upgraded = [line for line in mine if line["request"].startswith("GET /_stcore/stream")
                    and line["status"] == "101"]
        if upgraded or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert upgraded, mine
    # The page, its scripts and the upgraded websocket all went to the same app process.
    assert len({line["upstream"] for line in mine}) == 1
