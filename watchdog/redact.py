"""The one redaction layer: every excerpt of code or data shown in a report, a log or a
mail passes through here, so that evidence names objects, never the people on a list."""

from __future__ import annotations

import re

EXCERPT_LEN = 180

_IN_LIST = re.compile(
    r"\bIN\s*\(\s*((?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?)(?:\s*,\s*(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?))*)\s*\)",
    re.IGNORECASE,
)
_ARRAY = re.compile(
    r"\bARRAY\s*\[\s*((?:'(?:[^']|'')*'|-?\d+)(?:\s*,\s*(?:'(?:[^']|'')*'|-?\d+))*)\s*\]",
    re.IGNORECASE,
)
_LITERAL_ITEM = re.compile(r"'(?:[^']|'')*'|-?\d+(?:\.\d+)?")


def mask(text: str) -> str:
    """Hide literal identifier lists: `IN (5 identifiers)` instead of the values."""

    def count(m: re.Match[str]) -> str:
        if not re.search(r"\d", m.group(1)):
            return m.group(0)  # codes and categories ('SUSPECT', 'WITNESS'), not identifiers
        n = len(_LITERAL_ITEM.findall(m.group(1)))
        return f"IN ({n} identifier{'s' if n != 1 else ''})"

    def count_array(m: re.Match[str]) -> str:
        if not re.search(r"\d", m.group(1)):
            return m.group(0)
        n = len(_LITERAL_ITEM.findall(m.group(1)))
        return f"ARRAY[{n} identifier{'s' if n != 1 else ''}]"

    return _ARRAY.sub(count_array, _IN_LIST.sub(count, text))


def excerpt(text: str, limit: int = EXCERPT_LEN) -> str:
    """A short, masked, single-line excerpt."""
    flat = " ".join(mask(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def window(text: str, needle: str, before: int = 70, after: int = 100) -> str:
    """The words around `needle` in `text`: a readable excerpt without regenerating SQL."""
    if len(text) <= before + after or not needle:
        return text
    idx = text.lower().find(needle.lower().strip('"'))
    if idx < 0:
        return text[: before + after]
    start, end = max(0, idx - before), min(len(text), idx + len(needle) + after)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def line_in(text: str, needle: str, base: int | None) -> int | None:
    """Line of `needle` within `text`, counted from `base` (the text's first line)."""
    if base is None:
        return None
    idx = text.lower().find(needle.lower().strip('"')) if needle else -1
    return base + (text.count("\n", 0, idx) if idx >= 0 else 0)


_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)([^@\s]*)(@)")
_KV_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def redact_dsn(dsn: str) -> str:
    """Mask the password of a URL or key=value DSN so that it can be logged."""
    out = _URL_PASSWORD.sub(r"\1***\3", dsn)
    out = re.sub(r"([?&]password=)[^&\s]*", r"\1***", out, flags=re.IGNORECASE)
    return out if "://" in dsn else _KV_PASSWORD.sub(r"\1***", out)
