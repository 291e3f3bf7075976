"""Is a Kafka broker there? One check for every command that talks to Kafka.

kafka-python retries an unreachable bootstrap server until its timeout (30 s by
default) and then reports only "Unable to bootstrap". A refused connection or a
name that does not resolve is known in milliseconds, so this check first asks the
operating system directly (name lookup, then a TCP connect, per bootstrap server):
when no server can even be connected to, it fails at once and says which address,
where that address came from, and what to do next. When a server accepts the
connection, the full Kafka handshake (`check_connection`) runs up to the configured
timeout, and a line says so after a few seconds, so that a loaded or starting
cluster is not mistaken for a missing one.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from streams.kafka.clients import check_connection
from streams.settings import Settings

LOCAL_DEFAULT = "localhost:9092"
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# A TCP connect that takes longer than this to a broker address is treated as no answer.
CONNECT_TIMEOUT_S = 2.0
# After this long without a Kafka answer, say that we are still waiting (and why).
PATIENCE_NOTICE_S = 3.0


@dataclass(frozen=True)
class Probe:
    """What the operating system says about one bootstrap server."""

    server: str
    problem: str | None  # None: it accepts TCP connections


def broker_origin(settings: Settings) -> str:
    """Where the broker address came from: the environment, or the built-in default."""
    return "WIRESTREAM_BROKER" if "broker" in settings.model_fields_set else "the default"


def probe_server(server: str, timeout_s: float = CONNECT_TIMEOUT_S) -> Probe:
    """Resolve one host:port and open (then close) a TCP connection to it."""
    host, sep, port_text = server.strip().rpartition(":")
    host = host.strip("[]")  # "[::1]:9092"
    if not sep or not host or not port_text.isdigit():
        return Probe(server, "not a host:port address")
    port = int(port_text)
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return Probe(server, f"the host name {host!r} does not resolve ({exc.strerror})")
    last: str | None = None
    for family, kind, proto, _name, address in addresses:
        with socket.socket(family, kind, proto) as sock:
            sock.settimeout(timeout_s)
            try:
                sock.connect(address)
            except ConnectionRefusedError:
                last = "connection refused: nothing listens there"
            except TimeoutError:
                last = f"no answer to a connection within {timeout_s:g} s"
            except OSError as exc:
                last = exc.strerror or type(exc).__name__
            else:
                return Probe(server, None)
    return Probe(server, last or "no address to connect to")


def next_step(settings: Settings) -> str:
    """What the user should do when the broker is not there."""
    if settings.broker.strip() == LOCAL_DEFAULT:
        return "start the local broker with `wirestream kafka up` (or run `wirestream demo`)"
    servers = [s.strip().rpartition(":") for s in settings.broker.split(",")]
    check = f"check the address in {broker_origin(settings)}"
    if len(servers) == 1 and servers[0][0].strip("[]") in _LOCAL_HOSTS and servers[0][2].isdigit():
        port = servers[0][2]
        option = "" if port == "9092" else f" --port {port}"
        return f"{check}, or start the local broker with `wirestream kafka up{option}`"
    return f"{check}, or start that broker"


def unreachable(settings: Settings, probes: list[Probe]) -> str:
    """The one line for a broker that nothing answers for: address, origin, reasons, next step."""
    reasons = "; ".join(f"{p.server}: {p.problem}" for p in probes)
    return (
        f"no Kafka broker at {settings.broker} (from {broker_origin(settings)}): {reasons}; "
        f"{next_step(settings)}"
    )


def nothing_listens(settings: Settings) -> str | None:
    """The `unreachable` line when no bootstrap server accepts a TCP connection, else None
    (only the operating system is asked: milliseconds, no Kafka client)."""
    probes = [probe_server(s) for s in settings.broker.split(",") if s.strip()]
    if probes and all(p.problem is not None for p in probes):
        return unreachable(settings, probes)
    return None


def reach_broker(
    settings: Settings,
    timeout_s: float | None = None,
    say: Callable[[str], None] | None = None,
    connect_timeout_s: float = CONNECT_TIMEOUT_S,
) -> str | None:
    """None when the cluster answers, else one line saying why not and what to do.

    Fails within about `connect_timeout_s` per server when no bootstrap server accepts a
    connection; otherwise waits up to `timeout_s` (default: the `broker_timeout_s` setting)
    for Kafka's answer, calling `say` once if that takes longer than `PATIENCE_NOTICE_S`.
    """
    timeout_s = settings.broker_timeout_s if timeout_s is None else timeout_s
    probes = [probe_server(s, connect_timeout_s) for s in settings.broker.split(",") if s.strip()]
    if not probes:
        return f"no Kafka address in {broker_origin(settings)}; {next_step(settings)}"
    if all(p.problem is not None for p in probes):
        return unreachable(settings, probes)
    outcome: list[str | None] = []
    worker = threading.Thread(
        target=lambda: outcome.append(check_connection(settings, timeout_s)),
        name="wirestream-reach",
        daemon=True,
    )
    worker.start()
    worker.join(PATIENCE_NOTICE_S)
    if worker.is_alive() and say is not None:
        say(
            f"Kafka at {settings.broker} accepts connections but has not answered yet; "
            f"still trying for up to {timeout_s:g} s (a starting or busy broker is slow)"
        )
    worker.join()
    problem = outcome[0] if outcome else "the connection check ended without a result"
    if problem is None:
        return None
    # A TLS or protocol failure keeps the client's own specific message, then where the
    # address came from; a plain broker that stays silent is said to be slow, not missing.
    slow = (
        f"; it accepts connections but did not answer within {timeout_s:g} s: a starting or "
        "overloaded broker, or not a Kafka port (WIRESTREAM_BROKER_TIMEOUT_S waits longer)"
        if settings.security_protocol == "PLAINTEXT"
        else ""
    )
    return f"{problem} (address from {broker_origin(settings)}){slow}"
