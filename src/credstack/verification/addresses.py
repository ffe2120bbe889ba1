"""Which network addresses the guarded fetcher may connect to (the SSRF rules).

Every name is resolved once; each resolved address is checked here and the connection is then
made to that very address (see :mod:`.connection`), so a DNS answer that changes between the
check and the connection (rebinding, TOCTOU) cannot send us somewhere else.

Always refused: link-local (169.254/16 — cloud metadata lives there — and fe80::/10),
multicast, reserved, unspecified (0.0.0.0, ::), and anything else not globally routable.
Loopback and private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) are refused
unless ``allow_private`` is set, which tests use for a server on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket

from credstack.vc.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(FetchError):
    """The URL's host resolves to an address the fetcher never connects to."""

    code = "FETCH_ADDRESS_REFUSED"


class NameNotResolved(FetchError):
    """The URL's host name does not resolve."""

    code = "FETCH_DNS_FAILED"


def _unwrap(address: IPAddress) -> IPAddress:
    # ::ffff:127.0.0.1 and 6to4/NAT64 forms would otherwise smuggle an IPv4 address past the
    # IPv6 checks.
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
    return address


def refusal(address: IPAddress, *, allow_private: bool) -> str | None:
    """Why ``address`` is refused, or None when the fetcher may connect to it."""
    ip = _unwrap(address)
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if (
        ip.is_loopback
        or ip.is_private
        or (isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.IPv4Network("100.64.0.0/10"))
    ):
        # is_private also covers documentation and benchmarking ranges; with the allowance on
        # (tests) only real loopback and RFC 1918 / ULA space is allowed.
        if allow_private and (ip.is_loopback or _private_lan(ip)):
            return None
        return "a loopback address" if ip.is_loopback else "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "an address that is not publicly routable"
    return None


def _private_lan(ip: IPAddress) -> bool:
    lans = (
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("172.16.0.0/12"),
        ipaddress.ip_network("192.168.0.0/16"),
        ipaddress.ip_network("fc00::/7"),
    )
    return any(ip.version == net.version and ip in net for net in lans)


def resolve_checked(host: str, port: int, *, allow_private: bool) -> IPAddress:
    """Resolve ``host`` once and return the address to connect to, refusing unsafe ones.

    Every address the name resolves to must pass: a name with one public and one private
    address is refused, since which one a later lookup returns is the attacker's choice.
    """
    literal = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    addresses = _literal(literal)
    if addresses is None:
        addresses = _lookup(host, literal, port)
    for address in addresses:
        why = refusal(address, allow_private=allow_private)
        if why is not None:
            raise AddressRefused(f"{host} is {why} ({address}); it is never fetched")
    return addresses[0]


def _literal(text: str) -> list[IPAddress] | None:
    try:
        return [ipaddress.ip_address(text)]
    except ValueError:
        return None


def _lookup(host: str, name: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        raise NameNotResolved(f"the host name {host!r} does not resolve") from e
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise NameNotResolved(f"the host name {host!r} does not resolve")
    return addresses
