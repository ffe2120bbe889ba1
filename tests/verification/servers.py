"""Real HTTP(S) servers on 127.0.0.1 for the fetcher's tests (http.server in a thread).

Routes map a path to a handler returning (status, headers, body); a handler may sleep to play
a slow server. Every request is logged so tests can assert what was (not) sent.
"""

from __future__ import annotations

import datetime
import ssl
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]


class LoopbackServer:
    def __init__(
        self, server: ThreadingHTTPServer, scheme: str, ca_file: str | None = None
    ) -> None:
        self.server = server
        self.scheme = scheme
        self.ca_file = ca_file
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def route(self, path: str, status: int = 200, body: bytes | str = b"", **headers: str) -> None:
        data = body.encode() if isinstance(body, str) else body
        fixed = {k.replace("_", "-"): v for k, v in headers.items()}
        self.routes[path] = lambda _handler: (status, fixed, data)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(owner: list[LoopbackServer]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server = owner[0]
            server.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(self.path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, body = route(self)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers and "X-No-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


def serve(tls: bool = False) -> LoopbackServer:
    owner: list[LoopbackServer] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(owner))
    server.daemon_threads = True
    ca_file = None
    if tls:
        cert_file, ca_file = _self_signed()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    instance = LoopbackServer(server, "https" if tls else "http", ca_file)
    owner.append(instance)
    return instance


def _self_signed() -> tuple[str, str]:
    """A certificate for "localhost" and 127.0.0.1; the same file is the trusted CA."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = Path(tempfile.mkdtemp(prefix="credstack-tls-"))
    pem = cert.public_bytes(serialization.Encoding.PEM)
    (folder / "ca.pem").write_bytes(pem)
    (folder / "server.pem").write_bytes(
        pem
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(folder / "server.pem"), str(folder / "ca.pem")


def slow(seconds: float, body: bytes = b"{}") -> Route:
    def route(_handler: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        time.sleep(seconds)
        return 200, {"Content-Type": "application/json"}, body

    return route
