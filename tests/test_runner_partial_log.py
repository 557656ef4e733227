"""The agent's summary says when the raw log could not be stored in full (a full disk while the output came in),
and still covers the whole output."""

from test_bad_input_store import _full_after

from terminus_edge.integrations.runner import run_and_summarize
from terminus_edge.logstore import LogStore


def test_agent_summary_notes_a_partial_log(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    _full_after(store._db, 300)  # ~1.2 MB: a genuine SQLITE_FULL after that
    command = "head -c 3000000 /dev/zero | tr '\\0' 'a' | fold -w 100; echo 'error: the end'; exit 4"
    text, log_id, _ = run_and_summarize(command, cwd=str(tmp_path), timeout_s=60, store=store)
    assert "exit code 4" in text or "exit 4" in text, text
    assert "error: the end" in text
    assert f"the raw log could not be stored in full (database or disk is full); log {log_id} holds only part" in text


def test_a_store_that_works_adds_no_note(tmp_path):
    store = LogStore(tmp_path / "logs.sqlite3")
    text, log_id, _ = run_and_summarize("echo hello; exit 3", cwd=str(tmp_path), timeout_s=30, store=store)
    assert "could not be stored" not in text and store.get(log_id).summary == text
