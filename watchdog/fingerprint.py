"""Fingerprints that stay stable while an artifact's logic is unchanged.

The logic is the token stream of every body on the finding's path, without comments or
white space, so reformatting or commenting code keeps the fingerprint.
"""

from __future__ import annotations

import hashlib
import re

import sqlglot
from sqlglot.errors import SqlglotError

from watchdog.model import Artifact, RuleDetails, TriggerDetails

_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def normalized(body: str, dialect: str = "postgres") -> str:
    try:
        words = [t.text for t in sqlglot.tokenize(body, read=dialect)]
    except SqlglotError:
        words = _COMMENT.sub(" ", body).split()
    while words and words[-1] == ";":
        words.pop()
    return " ".join(words)


def fingerprint(
    rule_id: str, artifact: Artifact, logic: list[Artifact], dialect: str = "postgres"
) -> str:
    h = hashlib.sha256()
    ident = [
        rule_id,
        str(artifact.kind),
        artifact.schema.lower(),
        artifact.name.lower(),
        (artifact.table or "").lower(),
        artifact.signature,
    ]
    h.update("\x1f".join(ident).encode())
    for a in sorted(logic, key=lambda x: (x.kind, x.qualified.lower())):
        h.update(b"\x1e" + str(a.kind).encode() + b":" + a.qualified.lower().encode() + b"=")
        h.update(normalized(a.body or "", dialect).encode())
        d = a.details
        if isinstance(d, TriggerDetails | RuleDetails) and d.events:
            h.update(("|".join(d.events) + d.enabled).encode())
        if isinstance(d, TriggerDetails) and d.when:
            h.update(b"when:" + normalized(d.when, dialect).encode())
    return h.hexdigest()[:32]
