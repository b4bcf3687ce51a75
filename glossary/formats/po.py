"""Gettext PO/POT files: read as TM units, written from units or entries.

Reading: msgctxt is the unit's context; a plural entry gives the singular and the
plural msgid each with their translation (Chinese has one form, so both take
msgstr[0]); fuzzy entries are skipped unless asked for (then kept with status
'fuzzy'); obsolete and untranslated ones are skipped. The header's Language is the
target language; the source is X-Source-Language, --source-lang, or English. What
else an entry carries (flags such as python-format, translator and extracted comments,
references, the previous msgid, every msgstr[n] and the header's Plural-Forms) goes
in the unit's extras under "po", so a PO export gives the catalogue back.

Writing: one entry per unit (a plural entry from its singular's unit), header complete
enough for `msgfmt --check`. Two translations of one text (same msgid and msgctxt)
cannot both live in a PO file, so the second gets its msgctxt suffixed " (2)" and the
flag `alt-translation`, which the reader undoes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TextIO

import polib

from glossary.errors import InputFileError
from glossary.formats import ReadOptions, Rejected, Skipped, Source, Unit, po_syntax
from glossary.models import now
from glossary.text.langtags import bcp47
from glossary.text.normalize import chinese_lang_for, has_han

ALT_FLAG = "alt-translation"
_ALT_SUFFIX = re.compile(r"\s*\(\d+\)$")
ONE_FORM = {"zh", "ja", "ko", "vi", "th", "id", "ms", "lo", "my", "yue"}
TWO_FORMS = {"en", "de", "nl", "sv", "da", "no", "nb", "nn", "es", "it", "pt", "el", "fi",
             "et", "hu", "tr", "bg", "ca", "eo", "he", "af"}
_SLAVIC = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
           "(n%100<10 || n%100>=20) ? 1 : 2);")
OTHER_FORMS = {  # gettext manual, "Plural forms"
    "fr": "nplurals=2; plural=(n > 1);", "ru": _SLAVIC, "uk": _SLAVIC, "be": _SLAVIC,
    "sr": _SLAVIC, "hr": _SLAVIC, "bs": _SLAVIC,
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
          "? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
}


def _place(entry: polib.POEntry) -> str:
    text = entry.msgid if len(entry.msgid) <= 40 else entry.msgid[:37] + "..."
    return f'line {entry.linenum} (msgid "{text}")'


def _target_lang(po: polib.POFile, opts: ReadOptions, path: str) -> str:
    declared = opts.target_lang or po.metadata.get("Language", "")
    if declared.strip():
        return bcp47(declared)
    sample = next((e.msgstr for e in po if e.msgstr and has_han(e.msgstr)), None)
    if sample is None:
        raise InputFileError(path, None, "the header has no Language; give --target-lang")
    return chinese_lang_for(sample, "zh")


def _extras(entry: polib.POEntry) -> dict:
    """Context, domain and note from msgctxt and comments, as the writer put them."""
    context = entry.msgctxt or ""
    if ALT_FLAG in entry.flags:
        context = _ALT_SUFFIX.sub("", context)
    domain, note = comment_columns(entry.tcomment, entry.comment)
    return {"context": context, "domain": domain, "note": note}


def comment_columns(tcomment: str | None, comment: str | None) -> tuple[str | None, str | None]:
    """(domain, note) that an entry's translator and extracted comments give."""
    domain, notes = None, [tcomment] if tcomment else []
    for line in (comment or "").splitlines():
        if line.startswith("domain: "):
            domain = line[8:]
        elif line.strip():
            notes.append(line)
    return domain, "\n".join(notes) or None


def kept(entry: polib.POEntry, plural_forms: str | None) -> dict:
    """What the entry carries beyond the unit's columns, for the writer to give back."""
    out: dict = {}
    flags = [f for f in entry.flags if f not in ("fuzzy", ALT_FLAG)]
    if flags:
        out["flags"] = flags
    for key in ("tcomment", "comment", "previous_msgctxt", "previous_msgid",
                "previous_msgid_plural"):
        if getattr(entry, key, None):
            out[key] = getattr(entry, key)
    if entry.occurrences:
        out["occurrences"] = [[name, line] for name, line in entry.occurrences]
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        out["msgid_plural"] = entry.msgid_plural
        out["msgstr_plural"] = [forms.get(n, "") for n in range(max(forms, default=0) + 1)]
        if plural_forms:
            out["plural_forms"] = plural_forms
    return out


def read(source: Source, opts: ReadOptions) -> Iterator[Unit | Rejected | Skipped]:
    path = str(source.path)
    po_syntax.check(source.path)  # what polib would forgive: a cut-off file, bad bytes
    try:
        po = polib.pofile(path, wrapwidth=0)
    except (OSError, ValueError, LookupError) as exc:  # UnicodeDecodeError is a ValueError
        line = re.search(r"\(line (\d+)\)", str(exc))
        if line:
            raise InputFileError(path, f"line {line.group(1)}", "PO syntax error") from exc
        raise InputFileError(path, None, f"not a readable PO file ({exc})") from exc
    target_lang = _target_lang(po, opts, path)
    source_lang = bcp47(opts.source_lang or po.metadata.get("X-Source-Language") or "en")
    plural_forms = po.metadata.get("Plural-Forms", "").strip() or None
    for entry in po:
        place = _place(entry)
        if entry.obsolete:
            yield Skipped(place, "obsolete")
            continue
        fuzzy = "fuzzy" in entry.flags
        if fuzzy and not opts.fuzzy:
            yield Skipped(place, "fuzzy")
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            pairs = [(entry.msgid, forms.get(0, "")),
                     (entry.msgid_plural, forms.get(1, forms.get(0, "")))]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        extras = _extras(entry)
        carried = kept(entry, plural_forms)
        for n, (msgid, msgstr) in enumerate(pairs):
            if not msgstr:
                yield Skipped(place, "untranslated")
                continue
            if n:  # the plural msgid's unit: the entry is written from the singular's
                carried = {k: v for k, v in carried.items() if not k.startswith(
                    ("msgid_plural", "msgstr_plural", "plural_forms"))}
                carried["plural_of"] = entry.msgid
            yield Unit(place, {
                "source_lang": source_lang, "source": msgid, "target_lang": target_lang,
                "target": msgstr, "status": "fuzzy" if fuzzy else "translated",
                "origin": opts.origin, **extras, "extras": {"po": carried} if carried else None,
            })


def _po_lang(tag: str) -> str:
    return tag.replace("-", "_")


def header(source_lang: str, target_lang: str, plural_forms: str | None = None) -> str:
    """The header entry. Plural-Forms is the one the imported catalogue declared (given
    by the exporter), else the rule gettext documents for the target language."""
    po = polib.POFile(wrapwidth=0)
    po.header = "Exported from glossary, a Chinese-English termbase and translation memory."
    stamp = now()[:16].replace("T", " ") + "+0000"
    po.metadata = {
        "Project-Id-Version": "glossary export",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "glossary",
        "Language-Team": _po_lang(target_lang),
        "Language": _po_lang(target_lang),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": _po_lang(source_lang),
        "X-Generator": "glossary",
    }
    rule = plural_forms or plural_rule(target_lang)
    if rule:
        po.metadata["Plural-Forms"] = rule
    return po.__unicode__()


def plural_rule(lang: str) -> str | None:
    primary = lang.replace("_", "-").split("-")[0].lower()
    if primary in ONE_FORM:
        return "nplurals=1; plural=0;"
    if primary in TWO_FORMS:
        return "nplurals=2; plural=(n != 1);"
    return OTHER_FORMS.get(primary)


def nplurals(rule: str | None) -> int | None:
    found = re.search(r"nplurals\s*=\s*(\d+)", rule or "")
    return int(found.group(1)) if found else None


def newline_mismatch(msgid: str, msgstr: str) -> bool:
    """msgfmt rejects an entry whose msgid and msgstr differ in a leading or trailing newline."""
    return (msgid.startswith("\n") != msgstr.startswith("\n")
            or msgid.endswith("\n") != msgstr.endswith("\n"))


def write(out: TextIO, records: Iterable[dict], source_lang: str, target_lang: str,
          plural_forms: str | None = None) -> tuple[int, list[str]]:
    """Entries from dicts with msgid, msgstr, context, domain, definition, note, fuzzy and
    po (what the unit's PO file carried: flags, comments, references, plural forms).

    Records must come sorted by (msgid, context) so duplicates are adjacent. Returns
    how many entries were written and the msgids left out: those whose msgstr differs
    in a leading or trailing newline, which gettext does not allow.
    """
    rule = plural_forms or plural_rule(target_lang)
    out.write(header(source_lang, target_lang, rule))
    forms_wanted = nplurals(rule)
    previous, repeat, count, left_out = None, 0, 0, []
    for rec in records:
        if newline_mismatch(rec["msgid"], rec["msgstr"]):
            left_out.append(rec["msgid"])
            continue
        key = (rec["msgid"], rec.get("context") or "")
        repeat = repeat + 1 if key == previous else 1
        previous = key
        out.write("\n" + _entry(rec, repeat, forms_wanted).__unicode__(wrapwidth=0))
        count += 1
    return count, left_out


def _entry(rec: dict, repeat: int, forms_wanted: int | None) -> polib.POEntry:
    carried = rec.get("po") or {}
    context, flags = rec.get("context") or None, []
    if repeat > 1:
        context = f"{rec.get('context') or ''} ({repeat})".lstrip()
        flags.append(ALT_FLAG)
    if rec.get("fuzzy"):
        flags.append("fuzzy")
    flags += carried.get("flags", [])
    tcomment, comment = carried.get("tcomment"), carried.get("comment")
    domain, note = comment_columns(tcomment, comment)
    if not carried or (domain, note) != (rec.get("domain") or None, rec.get("note") or None):
        comments = [f"domain: {rec['domain']}"] if rec.get("domain") else []
        if rec.get("definition"):
            comments.append(f"definition: {rec['definition']}")
        tcomment, comment = rec.get("note") or "", "\n".join(comments)
    entry = polib.POEntry(
        msgid=rec["msgid"], msgstr=rec["msgstr"], msgctxt=context, flags=flags,
        tcomment=tcomment or "", comment=comment or "",
        occurrences=[tuple(o) for o in carried.get("occurrences", [])],
        previous_msgctxt=carried.get("previous_msgctxt"),
        previous_msgid=carried.get("previous_msgid"),
        previous_msgid_plural=carried.get("previous_msgid_plural"))
    if carried.get("msgid_plural"):
        forms = list(carried.get("msgstr_plural") or [rec["msgstr"]])
        forms[0] = rec["msgstr"]  # the unit's target, edited or not
        if forms_wanted:  # as many forms as the header says, or msgfmt refuses the file
            forms = (forms + [forms[-1]] * forms_wanted)[:forms_wanted]
        entry.msgstr, entry.msgid_plural = "", carried["msgid_plural"]
        entry.msgstr_plural = dict(enumerate(forms))
    return entry
