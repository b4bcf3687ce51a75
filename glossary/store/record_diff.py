"""What one change did to one record, field by field, from the history's before and after.

The history keeps each record a change touched whole, before and after (history.py). Shown
whole, an entry whose term went from admitted to preferred looks the same before as after;
these lines name only what differs: `domain: law → patent`, `知识产权 status: admitted →
preferred`, `“IPR” added as en abbreviation, preferred`. A record added or deleted is
described once, whole. The TUI's History screen and the CLI share this text; they escape
it for the terminal (glossary.text.display.visible) when they show it.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

# Bookkeeping that changes with every save, or follows from what is shown: never news.
HIDDEN = frozenset({"id", "created", "changed", "source_key", "target_key", "fingerprint",
                    "terms"})
TERM_FIELDS = ("lang", "status", "type", "pos", "context", "note")
UNIT_ORDER = ("source", "target", "source_lang", "target_lang", "status", "context", "note",
              "domain")


class Line(NamedTuple):
    """One line of a difference: sign '+' added, '-' removed or deleted, '~' changed."""

    sign: str
    text: str

    def __str__(self) -> str:
        return f"{self.sign} {self.text}"


def differences(kind: str, before: dict | None, after: dict | None) -> list[Line]:
    """What a change did to one record: an add or a delete described once, an edit as the
    fields (and for an entry, the terms) that differ; one '~' line when nothing shown did."""
    if before is None and after is None:
        return []
    if before is None or after is None:
        sign, record = ("+", after) if before is None else ("-", before)
        assert record is not None
        return [Line(sign, text) for text in describe(kind, record)]
    lines: list[Line] = []
    if kind == "unit":
        lines += _fields(before, after, UNIT_ORDER)
    else:
        lines += _fields(before, after, ())
    if kind == "entry":
        lines += _terms(before.get("terms") or [], after.get("terms") or [])
    return lines or [Line("~", "no visible difference (only its timestamps)")]


def describe(kind: str, record: dict) -> list[str]:
    """A whole record in a few lines: an entry's terms then its fields set, a unit's two
    sides and languages then its other fields set (an entry's source only when it was not
    typed in by hand)."""
    head: list[str] = []
    order: tuple[str, ...] = ()
    skip: set[str] = set()
    if kind == "entry":
        head = [_term(t) for t in record.get("terms") or []]
        order = ("domain", "definition", "note")
        skip = {"source"} if record.get("source") == "user" else set()
    elif kind == "unit":
        head = [f"{_text(record.get('source'))} → {_text(record.get('target'))} "
                f"({record.get('source_lang', '')} → {record.get('target_lang', '')})"]
        order, skip = UNIT_ORDER, {"source", "target", "source_lang", "target_lang"}
    return head + [f"{k}: {_text(record[k])}" for k in _keys(record, {}, order)
                   if k not in skip and record.get(k) not in (None, "")]


def _fields(before: dict, after: dict, order: tuple[str, ...]) -> list[Line]:
    return [Line("~", f"{k}: {_text(before.get(k))} → {_text(after.get(k))}")
            for k in _keys(before, after, order) if before.get(k) != after.get(k)]


def _keys(before: dict, after: dict, order: tuple[str, ...]) -> list[str]:
    """The fields worth showing: the preferred order first, then any other in record order."""
    seen = [k for k in order if k in before or k in after]
    seen += [k for k in (*before, *after) if k not in seen and k not in HIDDEN]
    return list(dict.fromkeys(seen))


def _terms(before: list[dict], after: list[dict]) -> list[Line]:
    """Terms matched by id (a term keeps it when its text is edited), else by language and
    text; the rest were removed or added."""
    lines: list[Line] = []
    unmatched = list(after)
    for old in before:
        new = _match(old, unmatched)
        if new is None:
            lines.append(Line("-", f"“{old.get('text', '')}” removed"))
            continue
        unmatched.remove(new)
        name = str(new.get("text", ""))
        if old.get("text") != new.get("text"):
            lines.append(Line("~", f"{new.get('lang', '')} “{old.get('text', '')}” → "
                                   f"“{name}”"))
        lines += [Line("~", f"{name} {k}: {_text(old.get(k))} → {_text(new.get(k))}")
                  for k in TERM_FIELDS if old.get(k) != new.get(k)]
    lines += [Line("+", f"“{t.get('text', '')}” added as {_term_kind(t)}") for t in unmatched]
    return lines


def _match(term: dict, candidates: list[dict]) -> dict | None:
    if term.get("id") is not None:
        for c in candidates:
            if c.get("id") == term["id"]:
                return c
    for c in candidates:
        if (c.get("lang"), c.get("text")) == (term.get("lang"), term.get("text")):
            return c
    return None


def _term(term: dict) -> str:
    return f"{term.get('text', '')} ({_term_kind(term)})"


def _term_kind(term: dict) -> str:
    """'en abbreviation, admitted': language, type unless a full form, status, extras."""
    kind = str(term.get("lang", ""))
    if term.get("type") not in (None, "fullForm"):
        kind += f" {term['type']}"
    extras = [str(term.get("status", ""))]
    extras += [f"{k} {term[k]}" for k in ("pos", "context", "note") if term.get(k)]
    return ", ".join([kind, *extras])


def _text(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
