"""`bench latency` cut short by SIGTERM or SIGHUP (not only Ctrl-C) keeps the rows it measured, names the signal in
the rows it did not measure and exits 128 + the signal (143, 129; 130 for Ctrl-C), in a real process. Before: every
interrupt was called "Ctrl-C" and the run exited 130."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from signal_runs import BY, REPO

CHILD = textwrap.dedent('''
    import json, os, sys, time
    job = json.loads(sys.stdin.read())
    if job["spec"]["engine"] == "sleepy":  # the row in flight when the signal comes
        open(job["spec"]["options"]["pid_file"], "w").write(str(os.getpid()))
        time.sleep(600)
    print(json.dumps({"event": "done", "load_s": 0.01, "rss_peak_mb": 10.0, "ep": "cpu", "model": "m",
                      "precision": "q", "samples": [{"tokens_per_s": 5.0, "ttft_ms": 2.0,
                                                     "token_ms": [200.0] * job["n_gen"]}] * job["reps"]}), flush=True)
''')

BENCH = textwrap.dedent('''
    import sys
    from terminus_edge.benchmarks import latency
    from terminus_edge.cli import main

    real = latency.run_child
    latency.run_child = lambda spec, *a, **k: real(spec, *a, child="sig_fake_child", **k)
    specs = [latency.EngineSpec("steady", "x", "cpu", 1, "m", "q"),
             latency.EngineSpec("sleepy", "x", "cpu", 1, "m", "q", options={"pid_file": sys.argv[1]})]
    latency.run_latency = lambda *a, **k: latency.run_matrix(specs, [(4, 0)], reps=1, warmup=0, progress=False)
    main(["bench", "latency", "--bundle", sys.argv[2], "-o", "csv", "--no-progress"], prog_name="terminus-edge")
''')

@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "term", "hup"])
def test_a_signal_keeps_the_measured_rows_names_itself_and_exits_128_plus_it(tmp_path, te_home, signum):
    (tmp_path / "sig_fake_child.py").write_text(CHILD)
    (tmp_path / "bench.py").write_text(BENCH)
    pid_file = tmp_path / "child.pid"
    env = dict(os.environ, TERMINUS_EDGE_HOME=str(te_home), PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join([str(tmp_path), str(REPO), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, str(tmp_path / "bench.py"), str(pid_file), str(tmp_path)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()):
            assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signum, (proc.returncode, err)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["engine"], r["status"]) for r in rows] == [("steady", "ok"), ("sleepy", "interrupted")]
    assert float(rows[0]["tokens_per_s_mean"]) == pytest.approx(5.0)
    assert rows[1]["note"] == f"not measured: the run was interrupted by {BY[signum]} before this row"
    assert f"1 of 2 rows measured (shown above); 1 marked 'interrupted' (cancelled by {BY[signum]})" in err, err
    if signum != signal.SIGINT:
        assert "Ctrl-C" not in out + err
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # the child in flight was killed, not left running
