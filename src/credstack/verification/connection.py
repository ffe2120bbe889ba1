"""HTTP(S) connections pinned to an address that was already checked.

``http.client`` would resolve the host name again when it connects; these subclasses connect
to the address :func:`.addresses.resolve_checked` approved and keep the name only where it
belongs: the ``Host`` header and, for TLS, SNI and certificate verification. A watchdog closes
the socket when the request's total time is up, so neither a slow server nor one that drips a
byte at a time can hold a worker beyond the limit.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
from functools import lru_cache
from pathlib import Path

from .addresses import IPAddress


def _connect(address: IPAddress, port: int, timeout: float) -> socket.socket:
    return socket.create_connection((str(address), port), timeout=timeout)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to ``address``, with ``Host: <host>`` (tests on loopback only)."""

    def __init__(self, host: str, port: int, address: IPAddress, connect_timeout: float) -> None:
        super().__init__(host, port, timeout=connect_timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = _connect(self._address, self.port, self.timeout)  # type: ignore[arg-type]


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to ``address``; the certificate must be valid for ``host`` (SNI = ``host``)."""

    def __init__(
        self,
        host: str,
        port: int,
        address: IPAddress,
        connect_timeout: float,
        context: ssl.SSLContext,
    ) -> None:
        super().__init__(host, port, timeout=connect_timeout, context=context)
        self._address = address
        self._tls = context

    def connect(self) -> None:
        raw = _connect(self._address, self.port, self.timeout)  # type: ignore[arg-type]
        try:
            self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise


@lru_cache(maxsize=4)
def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """The TLS context: the system's trust store, or only ``ca_file`` (tests' own CA)."""
    if ca_file:
        context = ssl.create_default_context(cafile=str(Path(ca_file)))
    else:
        context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class Watchdog:
    """Shuts a connection's socket down when the total time limit passes."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self._connection = connection
        self.fired = False
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        sock = self._connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
