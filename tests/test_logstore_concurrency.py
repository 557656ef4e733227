"""The log store under real concurrency (threads and processes) and real SIGKILLs."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading

from terminus_edge.logstore import LogStore


def payload(tag: str, n: int) -> bytes:
    return b"".join(f"{tag} line {i}\n".encode() for i in range(n))


def spawn(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, text=True)


WRITER = """
    from terminus_edge.logstore import LogStore
    tag = {tag!r}
    store = LogStore()
    for i in range({count}):
        data = b"".join(f"{{tag}}-{{i}} line {{j}}\\n".encode() for j in range(500))
        print(store.add(f"{{tag}}-{{i}}", data, exit_code=i), flush=True)
"""


def test_20_threads_and_4_processes_write_at_once():
    procs = [spawn(WRITER.format(tag=f"p{k}", count=10)) for k in range(4)]
    shared = LogStore()
    results: dict[str, int] = {}
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(3):  # a shared instance, and fresh ones opened while others write
                store = shared if k % 2 else LogStore()
                results[f"t{k}-{i}"] = store.add(f"t{k}-{i}", payload(f"t{k}-{i}", 2000), exit_code=k)
                if store is not shared:
                    store.close()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert not errors, errors
    assert all(p.returncode == 0 for p in procs)
    assert len(results) == 60
    for name, log_id in results.items():
        assert shared.read_raw(log_id) == payload(name, 2000)
        assert shared.get(log_id).command == name
    for k, out in enumerate(outputs):
        ids = [int(x) for x in out.split()]
        assert len(ids) == 10
        for i, log_id in enumerate(ids):
            expected = b"".join(f"p{k}-{i} line {j}\n".encode() for j in range(500))
            assert shared.read_raw(log_id) == expected and shared.get(log_id).exit_code == i
    assert len(shared.list()) == 100
    assert len({r.id for r in shared.list()}) == 100


KILLED = """
    import itertools
    from terminus_edge import logstore
    logstore.CHUNK_BYTES = 4096
    store = logstore.LogStore()
    for i in range(3):
        print("done", store.add(f"small {i}", f"output {i}\\n".encode() * 100, exit_code=i), flush=True)
    writer = store.begin("endless")
    print("begun", writer.id, flush=True)
    for i in itertools.count():
        writer.write(f"row {i:08d}\\n".encode())
        if i % 400 == 0:
            print("committed", writer.total - len(writer._buffer), flush=True)
        if i % 1000 == 999:
            print("done", store.add(f"side {i}", b"side\\n" * 50, exit_code=0), flush=True)
"""


def test_sigkill_mid_write_loses_nothing_committed():
    rows = b"".join(f"row {i:08d}\n".encode() for i in range(200_000))
    rng = random.Random(7)
    finished: list[int] = []
    interrupted: list[int] = []
    for _ in range(5):
        proc = spawn(KILLED)
        committed, stop_after = 0, rng.randint(3, 40)
        for n, line in enumerate(proc.stdout):
            kind, value = line.split()
            if kind == "done":
                finished.append(int(value))
            elif kind == "begun":
                interrupted.append(int(value))
            else:
                committed = int(value)
            if n >= stop_after + 4:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        store = LogStore()
        log = store.get(interrupted[-1])
        assert log.status == "interrupted"
        kept = store.read_raw(log.id)
        assert len(kept) >= committed and rows.startswith(kept)
        store.close()
    store = LogStore()
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for log_id in finished:
        rec = store.get(log_id)
        assert rec.status == "ok"
        assert store.read_raw(log_id) in (f"output {rec.exit_code}\n".encode() * 100, b"side\n" * 50)
    assert store.add("after the kills", b"fine\n", exit_code=0)
    # interrupted logs are pruned like finished ones
    assert set(interrupted) <= set(store.prune(0))
