"""Two users on one glossary (the `db_url` fixture: SQLite and PostgreSQL): a save of an
entry someone else changed since it was opened is refused, naming who and when, and the
other user's change stays; after a reload the save goes through. On PostgreSQL two
truly concurrent saves of one entry: exactly one wins and nothing is lost. Each change
is recorded under GLOSSARY_USER, else the database role (PostgreSQL) or OS user."""

from __future__ import annotations

import getpass
import threading
import uuid
from dataclasses import replace
from urllib.parse import unquote

import pytest
from pg_support import db_url, pg_url  # noqa: F401 - fixtures

import glossary
from glossary import StaleError


@pytest.fixture
def two(db_url, monkeypatch):  # noqa: F811 - the fixture of that name
    """Two open glossaries on one database and the entry both will edit."""
    with glossary.open(db_url) as a, glossary.open(db_url) as b:
        entry = a.add_entry("知识产权", "intellectual property rights", domain="law")
        yield a, b, entry.id, monkeypatch


def test_a_stale_save_is_refused_with_who_and_when(two):
    a, b, eid, monkeypatch = two
    opened_by_a = a.get_entry(eid)
    monkeypatch.setenv("GLOSSARY_USER", "bob")
    b.edit_entry(eid, expected=b.get_entry(eid), en="IP rights")
    monkeypatch.setenv("GLOSSARY_USER", "alice")
    mine = replace(opened_by_a, domain="patents",
                   terms=[replace(t) for t in opened_by_a.terms])
    with pytest.raises(StaleError) as refused:
        a.save_entry(mine, expected=opened_by_a)
    message = str(refused.value)
    at = b.history_changes(1)[0].at.replace("T", " ")[:16]
    assert message == (f"entry #{eid} was changed by bob at {at} since you opened it; "
                       "reload to see it")
    stored = b.get_entry(eid)
    assert stored.en == "IP rights" and stored.domain == "law"
    # Reloaded, the same save goes through and keeps bob's change.
    fresh = a.get_entry(eid)
    saved = a.save_entry(replace(fresh, domain="patents"), expected=fresh)
    assert (saved.en, saved.domain) == ("IP rights", "patents")


def test_a_stale_field_edit_and_delete_are_refused(two):
    a, b, eid, _ = two
    opened = a.get_entry(eid)
    b.edit_entry(eid, note="see WIPO")
    with pytest.raises(StaleError, match=rf"entry #{eid} was changed by .* since you opened"):
        a.edit_entry(eid, expected=opened, en="IPR law")
    with pytest.raises(StaleError):
        a.delete_entry(eid, expected=opened)
    assert b.get_entry(eid).en == "intellectual property rights"
    assert b.get_entry(eid).note == "see WIPO"
    # Without `expected` (the CLI's one-shot edit) there is nothing to compare with.
    assert a.edit_entry(eid, en="IPR law").note == "see WIPO"


def test_a_save_over_a_deleted_entry_says_deleted(two):
    a, b, eid, _ = two
    opened = a.get_entry(eid)
    b.delete_entry(eid)
    with pytest.raises(StaleError, match=rf"entry #{eid} was deleted by .* since you opened"):
        a.save_entry(replace(opened, domain="x"), expected=opened)


def test_an_unchanged_entry_saves_twice_in_one_second(two):
    """Second-precision `changed` stamps do not let a same-second change slip through."""
    a, b, eid, _ = two
    opened_a, opened_b = a.get_entry(eid), b.get_entry(eid)
    b.save_entry(replace(opened_b, note="first"), expected=opened_b)
    with pytest.raises(StaleError):
        a.save_entry(replace(opened_a, note="second"), expected=opened_a)
    assert a.get_entry(eid).note == "first"


def _save(g: glossary.Glossary, loaded, note: str, gate: threading.Barrier,
          outcome: dict[str, str]) -> None:
    """One user's save of the entry as they loaded it, started with the other's."""
    gate.wait()
    try:
        g.save_entry(replace(loaded, note=note), expected=loaded)
        outcome[note] = "saved"
    except StaleError:
        outcome[note] = "refused"


def test_concurrent_saves_on_postgresql_one_wins(pg_url):  # noqa: F811
    with glossary.open(pg_url) as a, glossary.open(pg_url) as b:
        eid = a.add_entry("版权", "copyright").id
        for round_ in range(5):
            gate, outcome = threading.Barrier(2), {}
            threads = [threading.Thread(target=_save, args=(
                g, g.get_entry(eid), f"round {round_} by {who}", gate, outcome))
                for who, g in (("a", a), ("b", b))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(outcome.values()) == ["refused", "saved"]
            winner = next(note for note, o in outcome.items() if o == "saved")
            assert a.get_entry(eid).note == b.get_entry(eid).note == winner


# TM units ------------------------------------------------------------------------------


def test_a_stale_tm_unit_edit_is_refused(db_url, monkeypatch):  # noqa: F811
    with glossary.open(db_url) as a, glossary.open(db_url) as b:
        uid = a.add_tm_unit("保护知识产权", "protect IP", "zh-CN", "en").id
        shown = a.browse_units().rows[0]  # what the memory screen shows: not every column
        assert shown["id"] == uid
        monkeypatch.setenv("GLOSSARY_USER", "dora")
        b.edit_tm_unit(uid, target="protect intellectual property")
        with pytest.raises(StaleError, match=rf"TM unit #{uid} was changed by dora at "):
            a.edit_tm_unit(uid, target="protecting IP", expected=shown)
        assert b.get_tm_unit(uid)["target"] == "protect intellectual property"
        fresh = a.browse_units().rows[0]
        assert a.edit_tm_unit(uid, target="protecting IP", expected=fresh)["target"] == (
            "protecting IP")


# authors -------------------------------------------------------------------------------


def test_on_postgresql_history_names_the_database_role(pg_url, monkeypatch):  # noqa: F811
    """Without GLOSSARY_USER a change is recorded under the login role, not the OS user
    the client happens to run as; GLOSSARY_USER still wins when set."""
    import psycopg

    monkeypatch.delenv("GLOSSARY_USER", raising=False)
    role = f"reviewer_{uuid.uuid4().hex[:8]}"
    schema = unquote(pg_url.split("search_path%3D")[1].split("&")[0])
    with glossary.open(pg_url) as owner:
        eid = owner.add_entry("商标", "trademark").id
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        admin.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA {schema} TO {role}")
        admin.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
    try:
        with glossary.open(f"{pg_url}&user={role}") as reviewer:
            reviewer.edit_entry(eid, en="trade mark")
            monkeypatch.setenv("GLOSSARY_USER", "carol")
            reviewer.edit_entry(eid, domain="law")
            first, second = reversed(reviewer.history_changes(2))
        assert (first.author, second.author) == (role, "carol")
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")


def test_on_sqlite_history_names_the_os_user(tmp_path, monkeypatch):
    monkeypatch.delenv("GLOSSARY_USER", raising=False)
    with glossary.open(tmp_path / "g.db") as g:
        g.add_entry("商标", "trademark")
        assert g.history_changes(1)[0].author == getpass.getuser()
