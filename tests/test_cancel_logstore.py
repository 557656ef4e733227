"""The log store's `cancelled` column: set for a cancelled command, filled in for stores made before it existed
(old stores open and keep their data), shown by `logs list/show`, and queryable."""

from __future__ import annotations

import json
import sqlite3
import threading

from click.testing import CliRunner

from terminus_edge.cli import main
from terminus_edge.integrations.toolkit import Toolkit
from terminus_edge.logstore import LogStore
from terminus_edge.paths import data_dir

# The schema as sessions 1-6 wrote it (logstore_db.SCHEMA before the cancelled column), kept here verbatim.
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command TEXT NOT NULL, cwd TEXT, source TEXT NOT NULL DEFAULT 'run',
    started_at REAL NOT NULL, ended_at REAL, duration_s REAL, exit_code INTEGER,
    bytes INTEGER NOT NULL DEFAULT 0,   -- bytes the command produced
    stored INTEGER NOT NULL DEFAULT 0,  -- bytes kept here (less than `bytes` when truncated)
    timed_out INTEGER NOT NULL DEFAULT 0, waiting_for_input INTEGER NOT NULL DEFAULT 0,
    truncated INTEGER NOT NULL DEFAULT 0, complete INTEGER NOT NULL DEFAULT 0, pid INTEGER,
    summary TEXT, facts_json TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    log_id INTEGER NOT NULL REFERENCES logs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, offset INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (log_id, seq)
);
"""

OLD_ROWS = [  # (command, exit code, output, facts_json)
    ("make test", 2, b"ok 1\nFAILED test_x\n", json.dumps({"exit_code": 2, "counts": {"failed": 1}})),
    ("sleep 60", 143, b"tick 1\ntick 2\n", json.dumps({"exit_code": 143, "cancelled": True})),
    ("echo '\"cancelled\"'", 0, b'"cancelled"\n', '{"cancelled": tru'),  # damaged facts: not a cancel
    ("grep cancelled notes", 0, b"cancelled: 0\n", json.dumps({"cancelled": False, "note": "\"cancelled\""})),
]


def make_old_store(path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(OLD_SCHEMA)
    for i, (command, code, output, facts) in enumerate(OLD_ROWS):
        cur = db.execute("INSERT INTO logs (command, cwd, source, started_at, ended_at, duration_s, exit_code, bytes, "
                         "stored, complete, summary, facts_json) VALUES (?, '/w', 'agent', ?, ?, 1.5, ?, ?, ?, 1, ?, ?)",
                         (command, 1000.0 + i, 1001.5 + i, code, len(output), len(output), f"summary {i}", facts))
        db.execute("INSERT INTO chunks (log_id, seq, offset, data) VALUES (?, 0, 0, ?)", (cur.lastrowid, output))
    db.commit()
    db.close()


def test_an_old_store_opens_keeps_its_data_and_gets_the_column_filled_in(tmp_path):
    path = tmp_path / "old" / "logs.sqlite3"
    make_old_store(path)
    with LogStore(path) as store:
        records = list(reversed(store.list()))
        assert [r.command for r in records] == [row[0] for row in OLD_ROWS]
        assert [r.exit_code for r in records] == [row[1] for row in OLD_ROWS]
        assert [store.read_raw(r.id) for r in records] == [row[2] for row in OLD_ROWS]
        assert [r.summary for r in records] == [f"summary {i}" for i in range(len(OLD_ROWS))]
        assert [r.facts_json for r in records] == [row[3] for row in OLD_ROWS]
        assert [r.cancelled for r in records] == [False, True, False, False]
        assert all(r.status == "ok" and r.duration_s == 1.5 for r in records)
        assert [r.command for r in store.list(cancelled=True)] == ["sleep 60"]
        new_id = store.add("echo new", b"new\n", exit_code=0)
        assert not store.get(new_id).cancelled
    with LogStore(path) as again:  # opening a migrated store changes nothing
        assert len(again.list()) == len(OLD_ROWS) + 1 and [r.id for r in again.list(cancelled=True)] == [records[1].id]
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(logs)")]
    assert columns.count("cancelled") == 1


def test_connections_opening_an_old_store_at_once_migrate_it_once(tmp_path):
    path = tmp_path / "old" / "logs.sqlite3"
    make_old_store(path)
    errors, opened = [], []
    start = threading.Barrier(6)

    def open_it() -> None:
        try:
            start.wait()
            with LogStore(path) as store:
                opened.append([r.cancelled for r in store.list()])
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and opened == [[False, False, True, False]] * 6


def test_a_new_store_has_the_column_and_set_summary_or_mark_cancelled_set_it(tmp_path):
    with LogStore(tmp_path / "logs.sqlite3") as store:
        plain = store.add("true", b"", exit_code=0)
        store.set_summary(plain, "Command: true", json.dumps({"exit_code": 0}))
        by_facts = store.add("sleep 9", b"", exit_code=143)
        store.set_summary(by_facts, "Command: sleep 9", json.dumps({"exit_code": 143, "cancelled": True}))
        marked = store.add("sleep 8", b"", exit_code=143)
        store.mark_cancelled(marked)
        store.set_summary(marked, "later summary")  # a summary without facts does not unmark it
        assert [r.id for r in store.list(cancelled=True)] == [marked, by_facts]
        assert [r.id for r in store.list(cancelled=False)] == [plain]
        assert [r.id for r in store.list(1, cancelled=True)] == [marked]


def test_a_cancelled_command_is_marked_and_shown_by_logs_list_and_show(tmp_path):
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    with LogStore(data_dir() / "logs.sqlite3") as store:
        toolkit = Toolkit(cwd=tmp_path, use_model=False, store=store)
        stopped = toolkit.run_in_terminal("echo started; sleep 20", timeout_ms=60000, cancel=cancel).log_ids[0]
        finished = toolkit.run_in_terminal("echo done").log_ids[0]
        assert store.get(stopped).cancelled and not store.get(finished).cancelled
    runner = CliRunner()
    listed = runner.invoke(main, ["logs", "list"])
    assert listed.exit_code == 0, listed.output
    by_id = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert "cancelled (exit 143)" in by_id[str(stopped)] and "cancelled" not in by_id[str(finished)]
    only = runner.invoke(main, ["logs", "list", "--cancelled"]).stdout.splitlines()
    assert [line.split()[0] for line in only] == [str(stopped)]
    others = runner.invoke(main, ["logs", "list", "--not-cancelled"]).stdout.splitlines()
    assert [line.split()[0] for line in others] == [str(finished)]
    rows = [json.loads(line) for line in runner.invoke(main, ["logs", "list", "--json"]).stdout.splitlines()]
    assert {row["id"]: row["cancelled"] for row in rows} == {stopped: True, finished: False}
    shown = runner.invoke(main, ["logs", "show", str(stopped)]).stdout.splitlines()
    assert shown[1].startswith("# cancelled (exit 143), ") and shown[2].endswith(": started")


def test_no_cancelled_logs_is_said_plainly():
    LogStore().close()
    result = CliRunner().invoke(main, ["logs", "list", "--cancelled"])
    assert result.exit_code == 0 and result.stdout.strip() == "no cancelled logs"
