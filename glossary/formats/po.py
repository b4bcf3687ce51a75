"""Gettext PO/POT files: read as TM units, written from units or entries.

Reading: msgctxt is the unit's context; a plural entry gives the singular and the
plural msgid each with their translation (Chinese has one form, so both take
msgstr[0]); fuzzy entries are skipped unless asked for (then kept with status
'fuzzy'); obsolete and untranslated ones are skipped. The header's Language is the
target language; the source is X-Source-Language, --source-lang, or English.

Writing: one entry per unit, header complete enough for `msgfmt --check`. Two
translations of one text (same msgid and msgctxt) cannot both live in a PO file, so
the second gets its msgctxt suffixed " (2)" and the flag `alt-translation`, which the
reader undoes.
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
    domain, notes = None, [entry.tcomment] if entry.tcomment else []
    for line in (entry.comment or "").splitlines():
        if line.startswith("domain: "):
            domain = line[8:]
        elif line.strip():
            notes.append(line)
    return {"context": context, "domain": domain, "note": "\n".join(notes) or None}


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
        for msgid, msgstr in pairs:
            if not msgstr:
                yield Skipped(place, "untranslated")
                continue
            yield Unit(place, {
                "source_lang": source_lang, "source": msgid, "target_lang": target_lang,
                "target": msgstr, "status": "fuzzy" if fuzzy else "translated",
                "origin": opts.origin, **extras,
            })


def _po_lang(tag: str) -> str:
    return tag.replace("-", "_")


def header(source_lang: str, target_lang: str) -> str:
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
    primary = target_lang.split("-")[0].lower()
    if primary in ONE_FORM:
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    elif primary in TWO_FORMS:
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    return po.__unicode__()


def newline_mismatch(msgid: str, msgstr: str) -> bool:
    """msgfmt rejects an entry whose msgid and msgstr differ in a leading or trailing newline."""
    return (msgid.startswith("\n") != msgstr.startswith("\n")
            or msgid.endswith("\n") != msgstr.endswith("\n"))


def write(out: TextIO, records: Iterable[dict], source_lang: str, target_lang: str,
          ) -> tuple[int, list[str]]:
    """Entries from dicts with msgid, msgstr, context, domain, definition, note, fuzzy.

    Records must come sorted by (msgid, context) so duplicates are adjacent. Returns
    how many entries were written and the msgids left out: those whose msgstr differs
    in a leading or trailing newline, which gettext does not allow.
    """
    out.write(header(source_lang, target_lang))
    previous, repeat, count, left_out = None, 0, 0, []
    for rec in records:
        if newline_mismatch(rec["msgid"], rec["msgstr"]):
            left_out.append(rec["msgid"])
            continue
        key = (rec["msgid"], rec.get("context") or "")
        repeat = repeat + 1 if key == previous else 1
        previous = key
        context, flags = rec.get("context") or None, []
        if repeat > 1:
            context = f"{rec.get('context') or ''} ({repeat})".lstrip()
            flags.append(ALT_FLAG)
        if rec.get("fuzzy"):
            flags.append("fuzzy")
        comments = [f"domain: {rec['domain']}"] if rec.get("domain") else []
        if rec.get("definition"):
            comments.append(f"definition: {rec['definition']}")
        entry = polib.POEntry(msgid=rec["msgid"], msgstr=rec["msgstr"], msgctxt=context,
                              flags=flags, tcomment=rec.get("note") or "",
                              comment="\n".join(comments))
        out.write("\n" + entry.__unicode__(wrapwidth=0))
        count += 1
    return count, left_out
