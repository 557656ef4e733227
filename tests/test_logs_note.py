"""The summary's note in the log store and `logs show`: in the words the summary says it ("the local model's sentence
was left out: it could not be checked against the output"), never the guard's internal "fact guard removed all N
sentence(s)…"; the guard's reasons stay available to machines (note_detail, `logs show --json`)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.logstore import LogStore
from terminus_edge.logstore_db import SCHEMA
from terminus_edge.model import FakeModel
from terminus_edge.summarize.pipeline import LEFT_OUT_NOTE

DETAIL = {"fact_guard": {"removed_sentences": 1, "reasons": ["invented words: unicorns"]}}
# 29 compiler errors: long enough for the model to be asked; its sentence is about something else.
ERRORS = "for i in $(seq 1 29); do echo \"x.c:$i: error: expected ';' before 'return'\"; done; exit 1"
UNGROUNDED = "The build succeeded and deployed 42 unicorns to production."


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_store_keeps_the_note_and_its_detail():
    with LogStore() as store:
        log_id = store.add("gcc -c x.c", b"x.c:1: error: expected ';'\n", exit_code=1)
        assert store.get(log_id).note is None and store.get(log_id).note_detail is None
        store.set_summary(log_id, "Command: gcc -c x.c\nSummary: …", "{}", note=LEFT_OUT_NOTE, note_detail=DETAIL)
        record = store.get(log_id)
        assert record.note == LEFT_OUT_NOTE and json.loads(record.note_detail) == DETAIL
        assert store.list()[0].note == LEFT_OUT_NOTE


def test_logs_show_says_the_note_once_in_the_summary_s_words_and_json_keeps_the_reasons():
    with LogStore() as store:
        log_id = store.add("gcc -c x.c", b"x.c:1: error: expected ';'\nsecond\n", exit_code=1)
        store.set_summary(log_id, "Command: gcc -c x.c\nSummary: exit code 1", json.dumps({"exit_code": 1}),
                          note=LEFT_OUT_NOTE, note_detail=DETAIL)
    shown = cli("logs", "show", str(log_id))
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.count(LEFT_OUT_NOTE) == 1 and f"# note: {LEFT_OUT_NOTE}" in shown.stdout
    assert "fact guard" not in shown.stdout and "sentence(s)" not in shown.stdout
    data = json.loads(cli("logs", "show", str(log_id), "--json", "--lines", "2").stdout)
    assert data["note"] == LEFT_OUT_NOTE and data["note_detail"] == DETAIL
    assert data["facts"] == {"exit_code": 1} and data["summary"].startswith("Command: gcc -c x.c")
    assert data["lines"] == [[2, "second"]] and data["id"] == log_id and data["exit_code"] == 1
    listed = json.loads(cli("logs", "list", "--json").stdout.splitlines()[0])
    assert listed["note"] == LEFT_OUT_NOTE and "note_detail" not in listed


def test_a_log_without_a_note_shows_no_note_line():
    with LogStore() as store:
        log_id = store.add("echo hi", b"hi\n", exit_code=0)
    assert "# note" not in cli("logs", "show", str(log_id)).stdout
    data = json.loads(cli("logs", "show", str(log_id), "--json").stdout)
    assert data["note"] is None and data["note_detail"] is None and data["facts"] is None
    assert data["lines"] == [[1, "hi"]]


def test_raw_and_json_together_is_a_usage_error():
    with LogStore() as store:
        log_id = store.add("echo hi", b"hi\n", exit_code=0)
    result = cli("logs", "show", str(log_id), "--raw", "--json")
    assert result.exit_code == 2 and "give one" in result.output


def test_a_store_from_before_the_note_columns_opens_with_its_rows(tmp_path):
    path = tmp_path / "old" / "logs.sqlite3"
    path.parent.mkdir()
    kept = [line for line in SCHEMA.splitlines() if not line.lstrip().startswith(("note TEXT", "note_detail TEXT"))]
    old_schema = "\n".join(kept).replace("cancelled INTEGER NOT NULL DEFAULT 0,", "cancelled INTEGER NOT NULL DEFAULT 0")
    db = sqlite3.connect(path)
    db.executescript(old_schema)
    assert "note" not in [row[1] for row in db.execute("PRAGMA table_info(logs)")]
    db.execute("INSERT INTO logs (command, started_at, complete, exit_code, summary, cancelled) "
               "VALUES ('make', 1000.0, 1, 2, 'summary', 1)")
    db.commit()
    db.close()
    with LogStore(path) as store:
        (record,) = store.list()
        assert (record.command, record.exit_code, record.summary, record.cancelled) == ("make", 2, "summary", True)
        assert record.note is None
        store.set_summary(record.id, "again", note="a note")
        assert store.get(record.id).note == "a note"
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(logs)")]
    assert columns.count("note") == 1 and columns.count("note_detail") == 1


def test_the_mcp_and_hook_runner_stores_the_note_in_the_summary_s_words(tmp_path):
    """run_in_terminal (MCP) and the Claude hook go through run_and_summarize: what they return says the note once,
    and the log keeps the same words with the guard's reasons beside them."""
    from terminus_edge.integrations.runner import run_and_summarize

    model = FakeModel(replies=lambda messages: UNGROUNDED)
    with LogStore() as store:
        text, log_id, _ = run_and_summarize(ERRORS, cwd=str(tmp_path), timeout_s=30, store=store, model=model)
        record = store.get(log_id)
    assert model.calls and UNGROUNDED not in text
    assert text.count("left out") == 1 and f"({LEFT_OUT_NOTE})" in text and "fact guard" not in text
    assert record.note == LEFT_OUT_NOTE and record.summary == text
    detail = json.loads(record.note_detail)["fact_guard"]
    assert detail["removed_sentences"] == 1 and len(detail["reasons"]) == 1 and detail["reasons"][0]
    shown = cli("logs", "show", str(log_id)).stdout
    assert shown.count("left out") == 1 and "fact guard" not in shown


def test_a_kept_gist_leaves_no_note(tmp_path):
    from terminus_edge.integrations.runner import run_and_summarize

    with LogStore() as store:
        text, log_id, _ = run_and_summarize(ERRORS, cwd=str(tmp_path), timeout_s=30, store=store, model=None)
        record = store.get(log_id)
    assert record.note is None and record.note_detail is None and "left out" not in text


@pytest.mark.parametrize("note", [None, LEFT_OUT_NOTE])
def test_the_tui_pipeline_stores_the_note_its_card_shows(tmp_path, note):
    from terminus_edge.tui.pipeline import FinishedCommand, Pipeline
    from terminus_edge.tui.widgets.cards import CardState

    model = FakeModel(replies=lambda messages: UNGROUNDED)
    output = "".join(f"x.c:{n}: error: expected ';' before 'return'\r\n" for n in range(1, 30)).encode()
    with LogStore() as store:
        pipeline = Pipeline(store=store)
        pipeline.set_model(model if note else None)
        log_id = pipeline.record(1, FinishedCommand("gcc -c x.c", output, 1, 1000.0, 1000.4))
        state = pipeline.summarize(CardState(key=1, command="gcc -c x.c", exit_code=1, duration_s=0.4, log_id=log_id))
        record = store.get(log_id)
    assert state.model_note == note == record.note
