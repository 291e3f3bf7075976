"""The local development broker: a single-node Apache Kafka (KRaft) run from the official jars.

`wirestream kafka up` fetches `org.apache.kafka:kafka_2.13` and its runtime
dependencies from Maven Central with Maven (once, into the cache directory),
formats the storage once, and starts `kafka.Kafka` with the JDK in the
background on 127.0.0.1. The data directory holds everything about one broker:

    DATA_DIR/server.properties   written at each start (the ports may change)
    DATA_DIR/log4j2.properties
    DATA_DIR/log/                the Kafka log (topics, metadata)
    DATA_DIR/logs/server.log     the broker's log; logs/stdout.log holds JVM output
    DATA_DIR/broker.json         pid and ports of the running broker

Problems (no Java, no Maven, a port in use, a broker that dies on start) are
raised as `BrokerError` with a message meant for a person, never a traceback.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from streams.kafka.secure import AclRule, SecureFiles, SecureSetupError, apply_acls

KAFKA_VERSION = "4.4.0"
# The log4j binding the Apache Kafka distribution ships with this release.
LOG4J_VERSION = "2.25.5"
JAVA_MIN_MAJOR = 17
DEFAULT_PORT = 9092
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 45.0
_JVM_OPTIONS = ("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true")


class BrokerError(Exception):
    """A problem with the local broker, explained for the person who ran the command."""


@dataclass(frozen=True, slots=True)
class BrokerState:
    """What `broker.json` records about a started broker."""

    pid: int
    port: int
    controller_port: int
    version: str
    sasl_port: int | None = None
    ssl_port: int | None = None
    secure: bool = False


@dataclass(frozen=True, slots=True)
class BrokerStatus:
    """The answer of `wirestream kafka status`."""

    running: bool
    answering: bool
    state: BrokerState | None
    data_dir: Path
    log_file: Path


def _template(name: str) -> str:
    """A file from streams/kafka/broker_files."""
    return resources.files("streams.kafka").joinpath("broker_files", name).read_text("utf-8")


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace each @NAME@ placeholder; a placeholder left over is a bug in the caller."""
    for name, value in values.items():
        template = template.replace(f"@{name}@", value)
    leftover = re.search(r"@[A-Z_]+@", template)
    if leftover:
        raise AssertionError(f"unfilled placeholder {leftover.group()}")
    return template


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """True when nothing listens on host:port and we may bind it."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that the kernel says is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _kafka_cluster_id() -> str:
    """A random cluster id in Kafka's format (base64url of 16 bytes, unpadded)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):  # Kafka's own rule: it would read as a flag
            return cluster_id


def _pid_alive(pid: int) -> bool:
    """True when process `pid` exists (and is not a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def find_java() -> str:
    """Path of a `java` of at least version 17, or BrokerError saying what to install."""
    java_home = os.environ.get("JAVA_HOME")
    candidate = str(Path(java_home) / "bin" / "java") if java_home else None
    java = candidate if candidate and Path(candidate).exists() else shutil.which("java")
    if java is None:
        raise BrokerError(
            f"Java not found: the local Kafka broker needs a JDK {JAVA_MIN_MAJOR} or newer "
            "(e.g. `apt-get install openjdk-17-jre-headless`), on PATH or in JAVA_HOME"
        )
    probe = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', probe.stderr + probe.stdout)
    if match:
        major = int(match.group(1))
        if major == 1 and match.group(2):  # "1.8" style
            major = int(match.group(2))
        if major < JAVA_MIN_MAJOR:
            raise BrokerError(
                f"{java} is Java {major}; Kafka {KAFKA_VERSION} needs Java {JAVA_MIN_MAJOR}+"
            )
    return java


def find_keytool(java: str) -> str:
    """The JDK's keytool next to `java` (or on PATH), or BrokerError saying what to install."""
    beside = Path(java).resolve().parent / "keytool"
    keytool = str(beside) if beside.exists() else shutil.which("keytool")
    if keytool is None:
        raise BrokerError(
            "keytool not found: --secure makes its CA and keystore with the JDK's keytool "
            "(e.g. `apt-get install openjdk-17-jdk-headless`)"
        )
    return keytool


class LocalBroker:
    """One single-node KRaft broker, identified by its data directory."""

    def __init__(self, data_dir: Path, cache_dir: Path) -> None:
        self.data_dir = data_dir.expanduser().resolve()
        self.jars_dir = cache_dir.expanduser().resolve() / f"kafka-{KAFKA_VERSION}" / "libs"
        self.log_file = self.data_dir / "logs" / "server.log"
        self._stdout_file = self.data_dir / "logs" / "stdout.log"
        self._state_file = self.data_dir / "broker.json"
        self.secure_files = SecureFiles(self.data_dir)

    # -- jars ---------------------------------------------------------------------------------

    def jars_present(self) -> bool:
        """True when the broker's jars have been fetched completely."""
        return (self.jars_dir / ".complete").exists()

    def fetch(self) -> bool:
        """Fetch the broker's jars with Maven unless present; True when it downloaded."""
        if self.jars_present():
            return False
        mvn = shutil.which("mvn")
        if mvn is None:
            raise BrokerError(
                "Maven (mvn) not found: it fetches the Apache Kafka jars from Maven Central "
                "on first use (e.g. `apt-get install maven`)"
            )
        work = self.jars_dir.parent
        work.mkdir(parents=True, exist_ok=True)
        pom = work / "pom.xml"
        pom.write_text(
            _fill(
                _template("pom.xml"),
                {"KAFKA_VERSION": KAFKA_VERSION, "LOG4J_VERSION": LOG4J_VERSION},
            )
        )
        staging = work / "libs.partial"
        shutil.rmtree(staging, ignore_errors=True)
        result = subprocess.run(
            [
                mvn,
                "-B",
                "-q",
                "-f",
                str(pom),
                "dependency:copy-dependencies",
                f"-DoutputDirectory={staging}",
                "-DincludeScope=runtime",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not any(staging.glob("kafka_2.13-*.jar")):
            output = (result.stdout + result.stderr).strip().splitlines()[-15:]
            raise BrokerError(
                f"Maven could not fetch Apache Kafka {KAFKA_VERSION} (exit {result.returncode}):\n"
                + "\n".join(output)
            )
        shutil.rmtree(self.jars_dir, ignore_errors=True)
        staging.rename(self.jars_dir)
        (self.jars_dir / ".complete").write_text(KAFKA_VERSION + "\n")
        return True

    # -- lifecycle ----------------------------------------------------------------------------

    def state(self) -> BrokerState | None:
        """The recorded state of a broker whose process is still alive, else None."""
        try:
            raw = json.loads(self._state_file.read_text())
            state = BrokerState(**raw)
        except (OSError, ValueError, TypeError):
            return None
        if not _pid_alive(state.pid) or not self._is_our_broker(state.pid):
            return None
        return state

    def _is_our_broker(self, pid: int) -> bool:
        """True when `pid` is a kafka.Kafka JVM started on this data dir (pids get reused)."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return True  # no /proc: trust the pid file
        return b"kafka.Kafka" in cmdline and str(self.data_dir).encode() in b" ".join(cmdline)

    def bootstrap(self) -> str:
        """host:port of the running broker."""
        state = self.state()
        if state is None:
            raise BrokerError(f"no broker is running on {self.data_dir}")
        return f"127.0.0.1:{state.port}"

    def up(
        self,
        port: int = DEFAULT_PORT,
        timeout: float = START_TIMEOUT_S,
        sasl_port: int | None = None,
        sasl_users: dict[str, str] | None = None,
        ssl_port: int | None = None,
        ssl_keystore: Path | None = None,
        secure_acls: list[AclRule] | None = None,
    ) -> BrokerState:
        """Start the broker in the background and return once it answers requests.

        To try the security settings it can also listen with SASL_PLAINTEXT
        (mechanism PLAIN) on `sasl_port` for `sasl_users` (name → password), and
        with SSL on `ssl_port`, presenting the key and certificate chain in the
        PEM file `ssl_keystore`.

        With `secure_acls` it runs in secure mode instead (see streams/kafka/secure.py):
        its one client listener on `port` is SASL_SSL with SCRAM-SHA-512, and the ACLs
        of the table `secure_acls` are created once it answers.
        """
        secure = secure_acls is not None
        running = self.state()
        if running is not None:
            if running.port != port:
                raise BrokerError(
                    f"a broker is already running on {self.data_dir} on port {running.port}; "
                    "stop it first with `wirestream kafka down`"
                )
            return running
        for wanted in (port, sasl_port, ssl_port):
            if wanted is not None and not port_is_free(wanted):
                raise BrokerError(
                    f"port {wanted} on 127.0.0.1 is taken by another program; "
                    "pick another with --port (and set WIRESTREAM_BROKER=127.0.0.1:PORT)"
                )
        if sasl_port is not None and not sasl_users:
            raise BrokerError("a SASL listener needs at least one user (--sasl-user NAME:PASSWORD)")
        if (ssl_port is None) != (ssl_keystore is None):
            raise BrokerError("an SSL listener needs both --ssl-port and --ssl-keystore")
        if ssl_keystore is not None and not ssl_keystore.is_file():
            raise BrokerError(f"SSL keystore {ssl_keystore} is not a file")
        if secure and (sasl_port is not None or ssl_port is not None):
            raise BrokerError("--secure replaces the extra SASL and SSL listeners; drop them")
        formatted = (self.data_dir / "log" / "meta.properties").exists()
        if formatted and secure != self.secure_files.exists():
            raise BrokerError(
                f"{self.data_dir} was formatted "
                + ("with" if self.secure_files.exists() else "without")
                + " --secure (the SCRAM users live in its metadata); start it the same way "
                "or use another --data-dir"
            )
        java = find_java()
        self.fetch()
        if secure:
            try:
                self.secure_files.create(find_keytool(java))
            except SecureSetupError as exc:
                raise BrokerError(str(exc)) from exc
        controller_port = free_port()
        if secure:
            extra = self.secure_files.server_properties(port, controller_port)
        elif sasl_port is not None or ssl_port is not None:
            extra = _extra_listener_properties(
                port,
                controller_port,
                sasl_port,
                sasl_users or {},
                ssl_port,
                ssl_keystore.resolve() if ssl_keystore else None,
            )
        else:
            extra = ""
        self._write_config(port, controller_port, extra)
        self._format_storage(java, self.secure_files.scram_arguments() if secure else [])
        self._stdout_file.parent.mkdir(parents=True, exist_ok=True)
        with self._stdout_file.open("ab") as out:
            process = subprocess.Popen(
                [
                    java,
                    *_JVM_OPTIONS,
                    f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.properties'}",
                    f"-Dkafka.logs.dir={self.log_file.parent}",
                    "-cp",
                    str(self.jars_dir / "*"),
                    "kafka.Kafka",
                    str(self.data_dir / "server.properties"),
                ],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlives the command; Ctrl-C in the shell won't hit it
            )
        state = BrokerState(
            process.pid, port, controller_port, KAFKA_VERSION, sasl_port, ssl_port, secure
        )
        self._state_file.write_text(json.dumps(asdict(state)))
        self._wait_until_answering(process, port, timeout, secure)
        if secure_acls is not None:
            try:
                apply_acls(f"127.0.0.1:{port}", self.secure_files, secure_acls)
            except Exception as exc:
                self.down()
                raise BrokerError(f"creating the ACLs failed: {exc}") from exc
        return state

    def admin_security(self, state: BrokerState) -> dict[str, Any]:
        """kafka-python security options the admin principal needs on this broker (or none)."""
        return self.secure_files.client_config("admin") if state.secure else {}

    def _write_config(self, port: int, controller_port: int, extra_properties: str) -> None:
        """Write server.properties and log4j2.properties for this start."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        properties = _fill(
            _template("server.properties"),
            {
                "PORT": str(port),
                "CONTROLLER_PORT": str(controller_port),
                "LOG_DIRS": str(self.data_dir / "log"),
            },
        )
        config = self.data_dir / "server.properties"
        config.write_text(properties + extra_properties)
        os.chmod(config, 0o600)  # in secure mode it holds the admin and keystore passwords
        (self.data_dir / "log4j2.properties").write_text(
            _fill(_template("log4j2.properties"), {"LOG_FILE": str(self.log_file)})
        )

    def _format_storage(self, java: str, extra_arguments: list[str]) -> None:
        """Format the KRaft storage, once per data dir."""
        if (self.data_dir / "log" / "meta.properties").exists():
            return
        result = subprocess.run(
            [
                java,
                f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.properties'}",
                "-cp",
                str(self.jars_dir / "*"),
                "kafka.tools.StorageTool",
                "format",
                "--cluster-id",
                _kafka_cluster_id(),
                "--config",
                str(self.data_dir / "server.properties"),
                *extra_arguments,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BrokerError(
                f"formatting the broker storage in {self.data_dir / 'log'} failed: "
                + self.secure_files.redact((result.stderr or result.stdout).strip()[-2000:])
            )

    def _wait_until_answering(
        self, process: subprocess.Popen[bytes], port: int, timeout: float, secure: bool
    ) -> None:
        """Block until the broker answers a metadata request, or explain why it did not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self._state_file.unlink(missing_ok=True)
                raise BrokerError(
                    f"the broker exited with code {process.returncode} while starting; "
                    f"last lines of {self.log_file}:\n{self._log_tail()}"
                )
            security = self.secure_files.client_config("admin") if secure else {}
            if answers(f"127.0.0.1:{port}", security=security):
                return
            time.sleep(0.3)
        self.down()
        raise BrokerError(
            f"the broker did not answer on port {port} within {timeout:.0f} s; "
            f"see {self.log_file}:\n{self._log_tail()}"
        )

    def _log_tail(self, lines: int = 15) -> str:
        """The last lines of the broker's log files, for error messages."""
        text = ""
        for file in (self.log_file, self._stdout_file):
            try:
                text += file.read_text(errors="replace")
            except OSError:
                continue
        return "\n".join(text.strip().splitlines()[-lines:])

    def down(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Stop the broker cleanly (SIGTERM, then SIGKILL after `timeout`); False if not running."""
        state = self.state()
        if state is None:
            self._state_file.unlink(missing_ok=True)
            return False
        os.kill(state.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _pid_alive(state.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _pid_alive(state.pid):
            os.kill(state.pid, signal.SIGKILL)
            while _pid_alive(state.pid):
                time.sleep(0.1)
        self._state_file.unlink(missing_ok=True)
        return True

    def status(self) -> BrokerStatus:
        """Whether the broker of this data dir runs and answers."""
        state = self.state()
        answering = state is not None and answers(
            f"127.0.0.1:{state.port}", security=self.admin_security(state)
        )
        return BrokerStatus(state is not None, answering, state, self.data_dir, self.log_file)


def container_env(host_port: int) -> dict[str, str]:
    """The official apache/kafka image's environment for the same single-node broker.

    Same settings as the local broker (server.properties), in the image's
    convention (`a.b_c` -> `KAFKA_A_B__C`), listening on 9092 inside the
    container and advertised as 127.0.0.1:`host_port` (the port it is bound to).
    """
    properties = _fill(
        _template("server.properties"),
        {"PORT": "9092", "CONTROLLER_PORT": "9093", "LOG_DIRS": "/tmp/kraft-combined-logs"},
    )
    env: dict[str, str] = {}
    for line in properties.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition("=")
        name = key.strip().replace("_", "__").replace(".", "_").upper()
        env[f"KAFKA_{name}"] = value.strip()
    env["KAFKA_LISTENERS"] = "PLAINTEXT://0.0.0.0:9092,CONTROLLER://127.0.0.1:9093"
    env["KAFKA_ADVERTISED_LISTENERS"] = f"PLAINTEXT://127.0.0.1:{host_port}"
    return env


def _extra_listener_properties(
    port: int,
    controller_port: int,
    sasl_port: int | None,
    sasl_users: dict[str, str],
    ssl_port: int | None,
    ssl_keystore: Path | None,
) -> str:
    """Properties for the optional SASL_PLAINTEXT and SSL listeners (later keys win)."""
    for name, password in sasl_users.items():
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or re.search(r'["\\\s]', password):
            raise BrokerError(
                f"SASL user {name!r}: names are letters, digits, _ . -; "
                "passwords cannot hold quotes, backslashes or spaces"
            )
    listeners = [f"PLAINTEXT://127.0.0.1:{port}"]
    protocols = ["PLAINTEXT:PLAINTEXT", "CONTROLLER:PLAINTEXT"]
    lines = ["", "# Extra listeners for trying the client security settings."]
    if sasl_port is not None:
        listeners.append(f"SASL_PLAINTEXT://127.0.0.1:{sasl_port}")
        protocols.append("SASL_PLAINTEXT:SASL_PLAINTEXT")
        accounts = " ".join(f'user_{name}="{password}"' for name, password in sasl_users.items())
        lines += [
            "sasl.enabled.mechanisms=PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config="
            f"org.apache.kafka.common.security.plain.PlainLoginModule required {accounts};",
        ]
    if ssl_port is not None and ssl_keystore is not None:
        listeners.append(f"SSL://127.0.0.1:{ssl_port}")
        protocols.append("SSL:SSL")
        lines += [
            "listener.name.ssl.ssl.keystore.type=PEM",
            f"listener.name.ssl.ssl.keystore.location={ssl_keystore}",
        ]
    lines += [
        f"listeners={','.join(listeners)},CONTROLLER://127.0.0.1:{controller_port}",
        f"advertised.listeners={','.join(listeners)}",
        f"listener.security.protocol.map={','.join(protocols)}",
    ]
    return "\n".join(lines) + "\n"


def answers(bootstrap: str, timeout: float = 2.0, security: dict[str, Any] | None = None) -> bool:
    """True when a Kafka broker at `bootstrap` answers a metadata request (`security`: kafka-python
    security options)."""
    host, _, port = bootstrap.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            pass
    except OSError:
        return False
    from kafka import KafkaAdminClient  # imported late: status checks are rare

    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            request_timeout_ms=int(timeout * 1000),
            bootstrap_timeout_ms=int(timeout * 1000),  # a listener that refuses us: say so now
            **(security or {}),
        )
    except Exception:
        return False
    try:
        admin.list_topics()
        return True
    except Exception:
        return False
    finally:
        admin.close()
