"""Vocabularies, federal domains, severities and references, loaded from TOML.

Matching is by token sequence, never by substring: `police` is not ICE and
`ice_rink` is a rink. Plural endings are removed on both sides before comparing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from watchdog.errors import UsageError
from watchdog.model import Severity

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[a-z]+)?|\(g\)")


def stem(token: str) -> str:
    for _ in range(2):
        if len(token) > 4 and token.endswith("ies"):
            token = token[:-3] + "y"
        elif len(token) > 4 and token.endswith(("ses", "xes", "ches", "shes")):
            token = token[:-2]
        elif len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
    return token


@lru_cache(maxsize=131072)
def _tokens(identifier: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", identifier):
        out.extend(stem(t.lower()) for t in _CAMEL.findall(part))
    return tuple(out)


def tokens(identifier: str) -> list[str]:
    """Split an identifier (snake, camel, dotted, quoted) into stemmed lower-case tokens."""
    return list(_tokens(identifier))


def prose_tokens(text: str) -> list[tuple[str, str]]:
    """Words of free text as (stemmed lower, original) pairs, for comments and literals."""
    return [(stem(w.lower()), w) for w in _WORD.findall(text)]


def _seq(phrase: str) -> tuple[str, ...]:
    return tuple(tokens(phrase)) if phrase != "287(g)" else ("287", "g")


@dataclass(frozen=True)
class Vocabulary:
    """A set of token sequences, matched against identifiers or prose."""

    phrases: tuple[tuple[str, ...], ...]
    by_first: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, words: Iterable[str]) -> Vocabulary:
        phrases = tuple(sorted({_seq(w) for w in words if w.strip()}, key=len, reverse=True))
        first: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            if p:
                first.setdefault(p[0], []).append(p)
        return cls(phrases, {k: tuple(v) for k, v in first.items()})

    def match(self, toks: list[str] | tuple[str, ...]) -> tuple[str, ...] | None:
        """The longest phrase of the vocabulary found in `toks`, if any."""
        best: tuple[str, ...] | None = None
        for i, tok in enumerate(toks):
            for p in self.by_first.get(tok, ()):
                if (best is None or len(p) > len(best)) and tuple(toks[i : i + len(p)]) == p:
                    best = p
                    break
        return best

    def matches(self, identifier: str) -> bool:
        return self.match(_tokens(identifier)) is not None


@dataclass(frozen=True)
class AgencyHit:
    token: str
    agency: str
    text: str


@dataclass
class Policy:
    agencies: dict[str, str]
    agency_phrases: Vocabulary
    ambiguous: dict[str, Vocabulary]
    negation: Vocabulary
    vocab: dict[str, Vocabulary]
    person_key_suffixes: frozenset[str]
    sinks: dict[str, frozenset[str]]
    federal_domains: tuple[str, ...]
    severity: dict[str, Severity] = field(default_factory=dict)
    references: dict[str, list[str]] = field(default_factory=dict)
    # stored-query tables named by the site, and tables discovery must leave alone
    stored_query_tables: list[dict[str, Any]] = field(default_factory=list)
    stored_query_exclude: frozenset[str] = frozenset()
    _memo: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False, compare=False)

    # -- agencies -------------------------------------------------------------------------
    def agency_in_identifier(self, identifier: str, context: str = "") -> AgencyHit | None:
        """An agency named by a token of an identifier, unless the context disarms it."""
        toks = tokens(identifier)
        for tok in toks:
            if tok in self.agencies and not self._disarmed(tok, toks, context):
                return AgencyHit(tok, self.agencies[tok], identifier)
        return None

    def agency_in_prose(self, text: str, context: str = "") -> AgencyHit | None:
        """An agency named in free text: a phrase, or an acronym (upper case if it is a word)."""
        words = prose_tokens(text)
        low = [w for w, _ in words]
        phrase = self.agency_phrases.match(low)
        if phrase:
            return AgencyHit(" ".join(phrase), " ".join(phrase), text)
        for w, orig in words:
            if w not in self.agencies:
                continue
            if w in self.ambiguous and orig != orig.upper():
                continue
            if not self._disarmed(w, low, context):
                return AgencyHit(w, self.agencies[w], text)
        return None

    def agency_in_literal(self, text: str, context: str = "") -> AgencyHit | None:
        """A string literal: an agency value ('HSI New York'), a host or an address."""
        if "@" in text or "://" in text or re.fullmatch(r"[\w.-]+\.[a-z]{2,}", text.strip()):
            host = host_of(text)
            if host and self.is_federal_host(host):
                return AgencyHit("domain", host, text)
        return self.agency_in_prose(text, context) or self.agency_in_identifier(text, context)

    def _disarmed(self, tok: str, toks: list[str], context: str) -> bool:
        vocab = self.ambiguous.get(tok)
        if vocab is None:
            return False
        if vocab.match(toks):
            return True
        return bool(context) and vocab.match([w for w, _ in prose_tokens(context)]) is not None

    def negated(self, text: str) -> bool:
        return self.negation.match([w for w, _ in prose_tokens(text)]) is not None

    # -- hosts ----------------------------------------------------------------------------
    def is_federal_host(self, host: str) -> bool:
        host = host.lower().strip(".")
        if any(host == d or host.endswith("." + d) for d in self.federal_domains):
            return True
        labels = host.split(".")
        # a federal .gov domain is named after its agency (ice.gov, dhs.gov); nyc.gov is a city's
        return len(labels) >= 2 and labels[-1] == "gov" and labels[-2] in self.agencies

    # -- vocabularies ---------------------------------------------------------------------
    def has(self, vocab: str, identifier: str) -> bool:
        key = (vocab, identifier)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self.vocab[vocab].matches(identifier)
        return hit

    def is_person_key(self, column: str) -> bool:
        toks = tokens(column)
        if not toks:
            return False
        exact = self.vocab["person_key_exact"].match(toks) if len(toks) <= 3 else None
        if exact and (len(exact) == len(toks) or toks[-1] in self.person_key_suffixes):
            return True
        return (
            len(toks) >= 2
            and toks[-1] in self.person_key_suffixes
            and self.vocab["person_key_nouns"].match(toks[:-1]) is not None
        )

    def sink_call(self, name: str) -> str | None:
        low = name.lower().strip('"')
        bare = low.rsplit(".", 1)[-1]
        for kind, names in self.sinks.items():
            if low in names or bare in names:
                return kind
        return None

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return self.severity.get(rule_id, default)


def hosts_of(text: str) -> list[str]:
    """Every host named in a recipient list (`a@x.org; b@y.gov`), URL or connection string."""
    out = [h for part in re.split(r"[;,\s]+", text) if part and (h := host_of(part))]
    whole = host_of(text)
    return out or ([whole] if whole else [])


def host_of(text: str) -> str | None:
    """The host of an address, URL or libpq connection string."""
    m = re.search(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", text)
    if m:
        return m.group(1).lower()
    m = re.search(r"://(?:[^/@\s]*@)?([\w-]+(?:\.[\w-]+)+)", text)
    if m:
        return m.group(1).lower()
    m = re.search(r"\bhost(?:addr)?\s*=\s*'?([\w-]+(?:\.[\w-]+)+)", text)
    if m:
        return m.group(1).lower()
    m = re.fullmatch(r"\s*([\w-]+(?:\.[\w-]+)+)\s*", text)
    if m and not re.fullmatch(r"[\d.]+", m.group(1)):
        return m.group(1).lower()
    return None


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            if value.get("replace"):
                out[key] = {k: v for k, v in value.items() if k != "replace"}
            else:
                out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = list(dict.fromkeys([*out[key], *value]))
        else:
            out[key] = value
    return out


def load_policy(overrides: Iterable[Mapping[str, Any]] = ()) -> Policy:
    text = resources.files("watchdog").joinpath("policy_default.toml").read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    for override in overrides:
        data = _merge(data, override)
    try:
        voc = data["vocabulary"]
        severity = {
            rule: Severity.parse(str(sev)) for rule, sev in data.get("severity", {}).items()
        }
        return Policy(
            agencies={stem(k.lower()): str(v) for k, v in data["agencies"].items()},
            agency_phrases=Vocabulary.of(data["agency_phrases"]["phrases"]),
            ambiguous={stem(k.lower()): Vocabulary.of(v) for k, v in data["ambiguous"].items()},
            negation=Vocabulary.of(data["negation"]["words"]),
            vocab={
                **{k: Vocabulary.of(v) for k, v in voc.items() if k != "person_key_suffixes"},
                **{f"sq_{k}": Vocabulary.of(v) for k, v in data.get("stored_queries", {}).items()},
            },
            person_key_suffixes=frozenset(stem(s) for s in voc["person_key_suffixes"]),
            sinks={k: frozenset(n.lower() for n in v) for k, v in data["sinks"].items()},
            federal_domains=tuple(d.lower() for d in data["federal_domains"]["domains"]),
            severity=severity,
            references={k: list(v) for k, v in data.get("references", {}).items()},
            stored_query_tables=[
                _table_spec(t) for t in data.get("stored_query_sources", {}).get("table", [])
            ],
            stored_query_exclude=frozenset(
                str(t).lower() for t in data.get("stored_query_sources", {}).get("exclude", [])
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"invalid policy: {exc}") from None


def _table_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A site-named stored-query table: `table` and `sql` (a column, or column:json.path) needed."""
    if not isinstance(spec, Mapping) or "table" not in spec or "sql" not in spec:
        raise ValueError("each [[stored_query_sources.table]] needs `table` and `sql`")
    out = dict(spec)
    out["table"] = str(spec["table"]).lower()
    if isinstance(out.get("recipients"), str):
        out["recipients"] = [out["recipients"]]
    return out


def load_policy_file(path: str | Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"cannot read policy file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"policy file {path} is not valid TOML: {exc}") from None
