"""The secure mode of the local broker: SASL_SSL with SCRAM-SHA-512 and ACLs.

`wirestream kafka up --secure` keeps everything in DATA_DIR/secure:

    ca.p12, ca.pem           a throwaway CA made with the JDK's keytool (ca.pem is for clients)
    broker.p12               the broker's key and certificate (127.0.0.1, localhost), CA-signed
    store.password           the PKCS12 stores' password
    USER.password            one file per principal (mode 0600), the only place passwords live

The principals, and what the ACLs let them do (`acl_rules`, a table):

    admin    super user: the broker itself (inter-broker and controller) and topic/ACL admin
    ingest   writes the raw topic
    worker   reads the raw topic in its consumer group; writes processed, DLQ and event topics;
             writes and reads the cluster reports, writes the clusters
    reader   reads every pipeline topic; may write nothing

The controller listener stays on 127.0.0.1 with SASL_PLAINTEXT/PLAIN for the admin
principal only (SCRAM credentials live in the metadata log the controller serves, so the
controller cannot use SCRAM itself). Nothing listens without authentication.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from streams.records.topics import (
    CLUSTER_REPORTS,
    CLUSTERS,
    DLQ,
    EVENT_TOPICS,
    PROCESSED,
    RAW,
    TOPICS,
)

MECHANISM: Final = "SCRAM-SHA-512"
ADMIN: Final = "admin"
PRINCIPALS: Final = (ADMIN, "ingest", "worker", "reader")
_VALIDITY_DAYS: Final = "825"
_SUBJECT_ALT_NAMES: Final = "SAN=IP:127.0.0.1,DNS:localhost"


class SecureSetupError(Exception):
    """keytool failed while making the CA or the broker's keystore."""


@dataclass(frozen=True, slots=True)
class AclRule:
    """One row of the ACL table: principal may do `operations` on a resource pattern."""

    principal: str
    resource: str  # "topic" | "group"
    name: str
    pattern: str  # "literal" | "prefixed"
    operations: tuple[str, ...]


def acl_rules(topic_prefix: str, consumer_group: str) -> list[AclRule]:
    """The ACL table for one pipeline (its topic prefix and the worker's consumer group)."""
    everything = topic_prefix + "wire."
    outputs = (PROCESSED, DLQ, *EVENT_TOPICS.values(), CLUSTER_REPORTS, CLUSTERS)
    return [
        AclRule("ingest", "topic", topic_prefix + RAW, "literal", ("WRITE", "DESCRIBE")),
        AclRule("ingest", "topic", everything, "prefixed", ("CREATE", "DESCRIBE")),
        AclRule("worker", "topic", topic_prefix + RAW, "literal", ("READ", "DESCRIBE")),
        # The cluster agent reads the reports the article agent writes.
        AclRule("worker", "topic", topic_prefix + CLUSTER_REPORTS, "literal", ("READ",)),
        *(
            AclRule("worker", "topic", topic_prefix + name, "literal", ("WRITE", "DESCRIBE"))
            for name in outputs
        ),
        AclRule("worker", "topic", everything, "prefixed", ("CREATE", "DESCRIBE")),
        # Faust's own topics (the assignor's leader topic, changelogs) start with the app id.
        AclRule("worker", "topic", consumer_group + "-", "prefixed", ("ALL",)),
        AclRule("worker", "group", consumer_group, "literal", ("READ", "DESCRIBE")),
        AclRule("reader", "topic", everything, "prefixed", ("READ", "DESCRIBE")),
        AclRule("reader", "group", "reader", "prefixed", ("READ", "DESCRIBE")),
    ]


def pipeline_topics(topic_prefix: str) -> list[str]:
    """Every pipeline topic name under `topic_prefix` (the ACL table covers exactly these)."""
    return [topic_prefix + spec.name for spec in TOPICS]


class SecureFiles:
    """The files of a secure data directory: stores, CA and one password file per principal."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir / "secure"
        self.ca_store = self.dir / "ca.p12"
        self.ca_pem = self.dir / "ca.pem"
        self.keystore = self.dir / "broker.p12"
        self.store_password_file = self.dir / "store.password"

    def exists(self) -> bool:
        """True once the CA, the keystore and every password have been made."""
        return (self.dir / ".complete").exists()

    def password_file(self, principal: str) -> Path:
        """Where `principal`'s password lives."""
        return self.dir / f"{principal}.password"

    def password(self, principal: str) -> str:
        """`principal`'s password, read from its file."""
        return self.password_file(principal).read_text().strip()

    def store_password(self) -> str:
        """The password of the PKCS12 stores."""
        return self.store_password_file.read_text().strip()

    def create(self, keytool: str) -> None:
        """Make passwords, a CA and the broker's CA-signed keystore, once."""
        if self.exists():
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o700)
        for path in (self.store_password_file, *map(self.password_file, PRINCIPALS)):
            _write_secret(path, secrets.token_urlsafe(24))
        for path in (self.ca_store, self.keystore, self.ca_pem):
            path.unlink(missing_ok=True)
        store = ["-storetype", "PKCS12", "-storepass:file", str(self.store_password_file)]
        csr, crt = self.dir / "broker.csr", self.dir / "broker.crt"
        ca = ["-keystore", str(self.ca_store), *store]
        broker = ["-keystore", str(self.keystore), *store]
        steps = [
            ["-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
             "-dname", "CN=wirestream local CA", "-ext", "bc:c", "-validity", _VALIDITY_DAYS, *ca],
            ["-exportcert", "-rfc", "-alias", "ca", "-file", str(self.ca_pem), *ca],
            ["-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
             "-dname", "CN=127.0.0.1", "-ext", _SUBJECT_ALT_NAMES, "-validity", _VALIDITY_DAYS,
             *broker],
            ["-certreq", "-alias", "broker", "-file", str(csr), *broker],
            ["-gencert", "-alias", "ca", "-infile", str(csr), "-outfile", str(crt), "-rfc",
             "-ext", _SUBJECT_ALT_NAMES, "-ext", "eku=serverAuth", "-validity", _VALIDITY_DAYS,
             *ca],
            ["-importcert", "-noprompt", "-alias", "ca", "-file", str(self.ca_pem), *broker],
            ["-importcert", "-noprompt", "-alias", "broker", "-file", str(crt), *broker],
        ]  # fmt: skip
        for step in steps:
            result = subprocess.run([keytool, *step], capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise SecureSetupError(
                    f"keytool {step[0]} failed (exit {result.returncode}): "
                    + (result.stderr or result.stdout).strip()[-1000:]
                )
        for path in (self.ca_store, self.keystore, csr, crt):
            os.chmod(path, 0o600)  # the CA's key must not sign anyone else's certificate
        (self.dir / ".complete").write_text("ok\n")

    def redact(self, text: str) -> str:
        """`text` with every password of this directory replaced by `***`."""
        if not self.exists():
            return text
        for secret in (self.store_password(), *map(self.password, PRINCIPALS)):
            text = text.replace(secret, "***")
        return text

    def scram_arguments(self) -> list[str]:
        """`kafka-storage format` arguments that create every principal's SCRAM credentials."""
        arguments: list[str] = []
        for principal in PRINCIPALS:
            arguments += [
                "--add-scram",
                f"{MECHANISM}=[name={principal},password={self.password(principal)}]",
            ]
        return arguments

    def server_properties(self, port: int, controller_port: int) -> str:
        """The listener, SASL, SSL and authorizer properties (appended; later keys win)."""
        admin = self.password(ADMIN)
        store = self.store_password()
        lines = [
            "",
            "# Secure mode (wirestream kafka up --secure): SASL_SSL + SCRAM-SHA-512, ACLs.",
            f"listeners=SASL_SSL://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
            f"advertised.listeners=SASL_SSL://127.0.0.1:{port}",
            "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT",
            "inter.broker.listener.name=SASL_SSL",
            f"sasl.enabled.mechanisms={MECHANISM}",
            f"sasl.mechanism.inter.broker.protocol={MECHANISM}",
            "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
            "org.apache.kafka.common.security.scram.ScramLoginModule required "
            f'username="{ADMIN}" password="{admin}";',
            "sasl.mechanism.controller.protocol=PLAIN",
            "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
            "listener.name.controller.plain.sasl.jaas.config="
            "org.apache.kafka.common.security.plain.PlainLoginModule required "
            f'username="{ADMIN}" password="{admin}" user_{ADMIN}="{admin}";',
            "ssl.keystore.type=PKCS12",
            f"ssl.keystore.location={self.keystore}",
            f"ssl.keystore.password={store}",
            f"ssl.key.password={store}",
            "ssl.truststore.type=PKCS12",
            f"ssl.truststore.location={self.keystore}",
            f"ssl.truststore.password={store}",
            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            f"super.users=User:{ADMIN}",
            "allow.everyone.if.no.acl.found=false",
        ]
        return "\n".join(lines) + "\n"

    def client_config(self, principal: str) -> dict[str, Any]:
        """kafka-python security options for `principal` on the secure listener."""
        return {
            "security_protocol": "SASL_SSL",
            "sasl_mechanism": MECHANISM,
            "sasl_plain_username": principal,
            "sasl_plain_password": self.password(principal),
            "ssl_cafile": str(self.ca_pem),
        }


def _write_secret(path: Path, value: str) -> None:
    """Write `value` to a new file only its owner can read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(value + "\n")


def apply_acls(bootstrap: str, files: SecureFiles, rules: list[AclRule]) -> int:
    """Create the ACLs of `rules` as the admin principal (idempotent); return how many."""
    from kafka import KafkaAdminClient
    from kafka.admin import (
        ACL,
        ACLOperation,
        ACLPermissionType,
        ACLResourcePatternType,
        ResourcePattern,
        ResourceType,
    )

    acls = [
        ACL(
            principal=f"User:{rule.principal}",
            host="*",
            operation=ACLOperation[operation],
            permission_type=ACLPermissionType.ALLOW,
            resource_pattern=ResourcePattern(
                ResourceType[rule.resource.upper()],
                rule.name,
                ACLResourcePatternType[rule.pattern.upper()],
            ),
        )
        for rule in rules
        for operation in rule.operations
    ]
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="wirestream-acls", **files.client_config(ADMIN)
    )
    try:
        result = admin.create_acls(acls)
    finally:
        admin.close()
    failed = result.get("failed") or []
    if failed:
        raise SecureSetupError(f"creating {len(failed)} ACLs failed: {failed[0]}")
    return len(acls)
