"""Template-aware URL parsing for callback URLs, and host classification (rules.md §0, §8).

In a URL only the part a template stands in is opaque (rules.md §0): the scheme, the host,
one path segment or one query value. Everything literal around it is still judged, so
``http://${HOST}/cb`` is still not ``https`` (CO602) while
``https://h.acme.com/cb?secret=${S}`` keeps its secret out of git (silent).

:func:`parse_url` replaces each template expression by one private-use character before
splitting the text with RFC 3986's own regular expression (appendix B), so a ``:`` or a
``/`` inside ``${X:-http://a}`` never splits anything, and then restores every part and
records whether a template stands in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote

from co_lint.types import Record
from co_lint.vocabulary import template_spans

#: RFC 3986 appendix B, on the text with templates masked.
_RFC3986 = re.compile(r"(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.DOTALL)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_PORT = re.compile(r"[0-9]*")
_QUERY_SPLIT = re.compile(r"[&;]")
_NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}", re.IGNORECASE)
#: One private-use character stands in for each template expression while parsing.
_MARK_BASE = 0xF0000
_MARKS = re.compile("[\U000f0000-\U000ffffd]")

#: Development tunnels: a public name that forwards to someone's laptop.
TUNNEL_DOMAINS = (
    "ngrok.io",
    "ngrok.app",
    "ngrok-free.app",
    "ngrok.dev",
    "ngrok-free.dev",
    "trycloudflare.com",
    "loca.lt",
    "localtunnel.me",
    "serveo.net",
    "serveousercontent.com",
    "localhost.run",
    "lhr.life",
    "pagekite.me",
    "devtunnels.ms",
    "ts.net",
)
#: Names that only resolve on a local network or machine.
LOCAL_SUFFIXES = ("localhost", "local", "internal")
#: Every name :func:`classify_domain_suffix` looks for, and the tails of the names under them:
#: one test rules out a host under none of them (most hosts) without a call per name.
_LISTED_NAMES = frozenset(LOCAL_SUFFIXES + TUNNEL_DOMAINS)
_LISTED_TAILS = tuple("." + name for name in LOCAL_SUFFIXES + TUNNEL_DOMAINS)
#: RFC 6598 shared address space (carrier-grade NAT, Tailscale): not reachable from the internet.
_SHARED_NET = "100.64.0.0/10"  # carrier-grade NAT (RFC 6598), Tailscale


class Part(NamedTuple):
    """One part of a URL as written, and whether a template expression stands in it.

    A named tuple (immutable, as the parsed URL is shared): a URL has a few parts, and a
    frozen dataclass costs three ``object.__setattr__`` calls to build each.
    """

    text: str
    templated: bool
    #: The text with each template expression replaced by one private-use character.
    masked: str = ""

    @property
    def decoded(self) -> str:
        return unquote(self.text)


class QueryParam(NamedTuple):
    name: Part
    value: Part | None  # None: the parameter has no ``=``


class ParsedUrl(Record):
    """A URL split into the parts rules judge; templated parts are opaque.

    Read it, never change it: :func:`parse_url` hands the same one to every rule that asks
    about a value.
    """

    __slots__ = (
        "text",
        "scheme",
        "scheme_templated",
        "has_authority",
        "user",
        "password",
        "host",
        "port",
        "path_segments",
        "query",
    )

    def __init__(self, text: str, scheme: str | None) -> None:
        """The URL ``text`` with its ``scheme`` as written; :func:`parse_url` sets the other parts."""
        self.text = text
        #: The scheme as written (None when absent or a template stands in it).
        self.scheme = scheme
        #: A template stands in the scheme (``${SCHEME}://…``, or a templated base ``${BASE_URL}/cb``).
        self.scheme_templated = False
        self.has_authority = False
        #: ``user`` and ``password`` of ``user:password@`` (password None when there is no ``:``).
        self.user: Part | None = None
        self.password: Part | None = None
        self.host: Part | None = None
        self.port: Part | None = None
        self.path_segments: list[Part] = []
        self.query: list[QueryParam] = []

    @property
    def is_https(self) -> bool:
        return self.scheme is not None and self.scheme.lower() == "https"

    @property
    def host_name(self) -> str | None:
        """The literal host, lower-case, without brackets or trailing dot (None if templated/absent)."""
        if self.host is None or self.host.templated:
            return None
        return normalise_host(self.host.text)

    @property
    def host_literal_suffix(self) -> str | None:
        """The literal labels to the right of a templated host's last templated label.

        ``${ENV}.ngrok-free.app`` → ``ngrok-free.app`` (the host is *under* that domain);
        a literal host gives itself; a host that is all template gives None.
        """
        if self.host is None:
            return None
        if not self.host.templated:
            return normalise_host(self.host.text)
        labels = self.host.masked.split(".")
        last = max(index for index, label in enumerate(labels) if _MARKS.search(label))
        return normalise_host(".".join(labels[last + 1 :])) or None


def normalise_host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host


@lru_cache(maxsize=256)
def parse_url(text: str) -> ParsedUrl | None:
    """Split ``text`` into URL parts, template-aware; None when it is not a URL at all.

    A URL has a scheme (``https:``, or a template standing in it) or starts with a
    template that stands in the base (``${BASE_URL}/cb``: scheme and host opaque).

    Cached (the result is shared, see :class:`ParsedUrl`): four rules (CO505, CO602, CO603,
    CO604) parse each callback URL of a configuration, one after the other.
    """
    spans = template_spans(text)
    templates = [text[start:end] for start, end in spans]
    if len(templates) > 0xFFFD:
        return None
    if spans:
        pieces: list[str] = []
        position = 0
        for index, (start, end) in enumerate(spans):
            pieces.append(text[position:start])
            pieces.append(chr(_MARK_BASE + index))
            position = end
        pieces.append(text[position:])
        masked = "".join(pieces)
    else:
        masked = text
    match = _RFC3986.fullmatch(masked)
    if match is None:  # pragma: no cover - the expression matches every string
        return None
    scheme_text, authority, path, query, _fragment = match.groups()
    url = ParsedUrl(text, None)
    if scheme_text is not None:
        if templates and _MARKS.search(scheme_text) is not None:
            url.scheme_templated = True
        elif _SCHEME.fullmatch(scheme_text):
            url.scheme = scheme_text
        else:
            return None
    elif authority is None and path[:1] and _MARKS.fullmatch(path[0]) and path[1:2] in ("", "/"):
        # ``${BASE_URL}/cb`` or ``${CALLBACK_URL}``: the template stands in scheme and host.
        url.scheme_templated = True
        path = path[1:]
    else:
        return None
    if authority is not None:
        url.has_authority = True
        _split_authority(authority, url, templates)
    url.path_segments = [_part(segment, templates) for segment in path.split("/") if segment]
    if query:
        for item in _QUERY_SPLIT.split(query):
            if not item:
                continue
            name, equals, value = item.partition("=")
            url.query.append(QueryParam(_part(name, templates), _part(value, templates) if equals else None))
    return url


def _part(value: str, templates: list[str]) -> Part:
    """The part of the masked text ``value``, with each template restored (``templates`` in order)."""
    if not templates or _MARKS.search(value) is None:
        return Part(value, False, value)

    def restore(match: re.Match) -> str:
        index = ord(match.group()) - _MARK_BASE
        return templates[index] if index < len(templates) else match.group()

    return Part(_MARKS.sub(restore, value), True, value)


def _split_authority(authority: str, url: ParsedUrl, templates: list[str]) -> None:
    userinfo, at, hostport = authority.rpartition("@")
    if at:
        user, colon, password = userinfo.partition(":")
        url.user = _part(user, templates)
        url.password = _part(password, templates) if colon else None
    if hostport.startswith("["):
        close = hostport.find("]")
        if close != -1:
            url.host = _part(hostport[: close + 1], templates)
            rest = hostport[close + 1 :]
            if rest.startswith(":"):
                url.port = _part(rest[1:], templates)
            return
    host, colon, port = hostport.rpartition(":")
    if colon and (_PORT.fullmatch(port) or _MARKS.fullmatch(port)):
        url.host = _part(host, templates)
        url.port = _part(port, templates)
    else:
        url.host = _part(hostport, templates)


def callback_urls(config: Any) -> Iterator[tuple[str, int, str]]:
    """``(pointer, index, url)`` of every string ``statusCallbacks[i].url`` of a configuration."""
    callbacks = config.get("statusCallbacks")
    if not isinstance(callbacks, list):
        return
    for index, item in enumerate(callbacks):
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            yield f"/statusCallbacks/{index}/url", index, item["url"]


# -- hosts -----------------------------------------------------------------------------


def _ip(host: str):
    """The IP address a host literal denotes, or None (ipaddress is imported only for IP-like hosts)."""
    if not any(char.isdigit() for char in host) and ":" not in host:
        return None
    import ipaddress
    import socket

    candidate = host.split("%", 1)[0]  # an IPv6 zone id (fe80::1%eth0)
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        if not _NUMERIC_HOST.fullmatch(host):
            return None
        try:  # 127.1, 0x7f000001, 2130706433: forms resolvers accept for IPv4
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _in_network(address, network: str) -> bool:
    import ipaddress

    return address in ipaddress.ip_network(network)


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


@lru_cache(maxsize=1024)
def classify_host(host: str) -> str | None:
    """Why ``host`` is not a public callback host (a phrase for a message), or None.

    ``host`` is a literal host as written (brackets, case and a trailing dot are fine).
    Cached: a project's callbacks point at a few hosts, and the answer costs ~10 µs.
    """
    host = normalise_host(host)
    if not host:
        return None
    address = _ip(host)
    if address is not None:
        if address.is_loopback:
            return f"the loopback address {host}"
        if address.is_link_local:
            return f"the link-local address {host}"
        if address.is_unspecified:
            return f"the unspecified address {host}"
        if address.is_private:
            return f"the private address {host}"
        if address.version == 4 and _in_network(address, _SHARED_NET):
            return f"the shared (carrier-grade NAT) address {host}"
        return None
    return classify_domain_suffix(host)


def classify_domain_suffix(suffix: str) -> str | None:
    """The name-based part of :func:`classify_host`.

    Also for a templated host's literal suffix (``${SUB}.ngrok-free.app`` → ``ngrok-free.app``):
    the host is under it, so a suffix equal to a tunnel or local domain counts.
    """
    suffix = normalise_host(suffix)
    if not suffix:
        return None
    if suffix == "localhost":
        return "localhost"
    if suffix not in _LISTED_NAMES and not suffix.endswith(_LISTED_TAILS):
        return None
    for local in LOCAL_SUFFIXES:
        if _under(suffix, local):
            return f"a .{local} name ({suffix}) that only resolves on a local network"
    for domain in TUNNEL_DOMAINS:
        if _under(suffix, domain):
            return f"a development tunnel ({domain})"
    return None
