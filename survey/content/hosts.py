"""Which hosts are public: the one rule for the links a paper may hold and the addresses the tool
may request.

A link in the content is published on the site and, through `survey links`, `survey add` and
friends, requested from a maintainer's machine or a CI runner; a link to a private address would
let a pull request probe that network. So a host must be a public name or a global address.
"""

from __future__ import annotations

import ipaddress
import re

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Names that never leave the machine or the local network: RFC 6761 (localhost), RFC 6762 (.local,
# and the private names it lists), RFC 8375 (.home.arpa), ICANN's 2024 reservation of .internal.
_LOCAL_SUFFIXES = ("localhost", "local", "internal", "home.arpa", "localdomain", "lan", "intranet", "corp", "private")
# The last label of a host that a browser (WHATWG URL) or glibc reads as an IPv4 address: decimal,
# octal (leading 0) or hex (0x) numbers, so http://2130706433/ and http://0x7f.1/ are 127.0.0.1.
_NUMBER = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)\Z", re.I)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def host_problem(host: str) -> str | None:
    """Why ``host`` (a URL's host, without brackets) is not a public host, or None when it is."""
    host = host.lower().rstrip(".")
    if "%" in host and ":" not in host:  # a browser would decode it: http://127.0.0.%31/
        return "holds '%' in its host name; write the name itself"
    if not host.isascii():  # as browsers and the resolver do: full-width digits are digits
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return "names a host that is not a well-formed domain name"
    try:
        address = parse_address(host)
    except ValueError:
        return "names a host that is neither a domain name nor a well-formed IP address"
    if address is not None:
        fact = address_problem(address)
        return f"names a host that is not public: {fact}" if fact else None
    if "." not in host:
        return f"names a host that is not public: '{host}' has no dot, so it is a local name"
    if any(host == suffix or host.endswith("." + suffix) for suffix in _LOCAL_SUFFIXES):
        return f"names a host that is not public: '{host}' is a local name"
    return None


def address_problem(address: Address) -> str | None:
    """Why the tool may neither link to nor connect to ``address`` ("10.0.0.1 is a private
    address"), or None when it is public."""
    inner = _embedded_ipv4(address)
    reached = inner or address
    if reached.is_global and not (reached.is_multicast or reached.is_reserved or reached.is_unspecified):
        return None
    shown = f"{address} (that is {inner})" if inner else str(address)
    return f"{shown} is {_kind(reached)}"


def parse_address(host: str) -> Address | None:
    """The IP address ``host`` stands for (in any form a browser or the resolver accepts), or None
    for a name; ValueError when it looks like an address but is not a valid one."""
    host = host.lower().rstrip(".")
    if ":" in host:  # only an IPv6 address holds a colon; its zone (%25eth0) names no other host
        return ipaddress.IPv6Address(host.split("%", 1)[0])
    labels = host.split(".")
    if not _NUMBER.match(labels[-1]):
        return None
    if len(labels) > 4:
        raise ValueError(f"'{host}' has more than four parts")
    numbers = [_number(label) for label in labels]
    # a.b.c.d; a.b.c16; a.b24; a32: the last number fills the bytes the others leave.
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise ValueError(f"'{host}' is out of range for an IPv4 address")
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _number(label: str) -> int:
    if label.lower().startswith("0x"):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label, 8)  # ValueError on 08, as browsers refuse it
    return int(label)  # ValueError on a label that is not a number: a.1 is neither name nor address


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one reaches: mapped (::ffff:a.b.c.d), 6to4 (2002::/16), NAT64."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None or address.sixtofour is not None:
        return address.ipv4_mapped or address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _kind(address: Address) -> str:
    for test, kind in (
        ("is_loopback", "a loopback address"),
        ("is_unspecified", "the unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    ):
        if getattr(address, test):
            return kind
    return "an address that is not global"
