"""Who is asking: the client's address, and whether the request came through a reverse proxy
listed in `[web] trusted_proxies` (only then are its X-Forwarded-For and user header
believed)."""

from __future__ import annotations

import ipaddress
from functools import cache

from flask import current_app, request


@cache
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network,
                                                 ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def trusted(address: str | None, entries: tuple[str, ...]) -> bool:
    """`address` lies in one of the networks `entries` names."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in _networks(entries))


def from_trusted_proxy() -> bool:
    return trusted(request.remote_addr, current_app.config["MW_CONFIG"].web_trusted_proxies)


def client_address() -> str:
    """The client: the peer, or the address a trusted proxy appended to X-Forwarded-For."""
    peer = request.remote_addr or ""
    if from_trusted_proxy():
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            return peer
    return peer
