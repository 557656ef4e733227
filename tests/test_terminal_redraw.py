"""Status areas redrawn in place (cursor up/down/left, erase line/below, save/restore) end up as the terminal
finally showed them: gradle's rich console on real tty captures, and docker buildx, log-update (npm/pnpm),
cargo and apt/dpkg-style redraws built here. What scrolled off stays; the same text however the bytes arrive."""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from normalize_checks import assert_clean_and_the_same_however_chunked
from real_captures import REAL, load

from terminus_edge.benchmarks import fidelity as fb
from terminus_edge.summarize import summarize
from terminus_edge.summarize.normalize import normalize
from terminus_edge.summarize.terminal import HELD_LINES

GRADLE_TTY = ["gradle-compile-errors-tty", "gradle-test-failures-tty"]
STATUS_RESIDUE = re.compile(r"<[=-]+>|\d+% (?:WAITING|EXECUTING|CONFIGURING|INITIALIZING)|^> IDLE|> IDLE$", re.M)


def chunked(raw: bytes, size: int) -> str:
    return normalize(iter([raw[i : i + size] for i in range(0, len(raw), size)])).text


def lines(raw: bytes) -> list[str]:
    return normalize(raw).text.splitlines()


# --- gradle's rich console, captured on a real terminal ---------------------------------------------------------

@pytest.mark.parametrize("name", GRADLE_TTY)
def test_gradle_status_area_leaves_no_residue_in_the_text_or_the_summary(name):
    raw = (REAL / name / "output.txt").read_bytes()
    assert STATUS_RESIDUE.search(raw.decode())  # the capture does draw a status area
    text = normalize(raw).text
    assert not STATUS_RESIDUE.search(text)
    assert all(chunked(raw, size) == text for size in (1, 3, 17, 256))
    case = load(name)
    summary = fb.summarizer_for(model=None)(case)
    assert not STATUS_RESIDUE.search(summary)
    scored = fb.score(case, summary, 0.0)
    assert scored.recall == 1.0 and not scored.forbidden, (scored.missed, scored.forbidden)


def test_gradle_log_lines_printed_over_the_status_area_keep_their_own_rows():
    text = lines((REAL / "gradle-test-failures-tty" / "output.txt").read_bytes())
    start = text.index("> Task :test FAILED")
    assert text[start - 1] == "" and text[start + 1].startswith("WARNING: A terminally deprecated method")
    assert text[-2:] == ["BUILD FAILED in 1s", "4 actionable tasks: 2 executed, 2 up-to-date"]


def gradle_like_stream(n_tasks: int, frames_per_task: int = 6) -> tuple[bytes, list[str]]:
    """gradle's protocol: rows reserved with CRLFs, each frame drawn from the top of the area (ESC[nA) row by row
    (text, ESC[nD back to column 1, ESC[1B down), log lines written from the area's top over it (ESC[0K), the
    area re-reserved below them, and erased row by row (ESC[2K) at the end."""
    area, parts, logged = 3, ["Starting a Gradle Daemon\r\n", "\r\n" * 3], []
    for t in range(n_tasks):
        for f in range(frames_per_task):
            pct = (t * frames_per_task + f) * 100 // (n_tasks * frames_per_task)
            rows = [f"<{'=' * (pct // 8)}{'-' * (13 - pct // 8)}> {pct}% EXECUTING [{t}s]", f"> :sub{t}:compileJava",
                    "> IDLE" if f % 2 else f"> :sub{t}:test > {f} tests completed"]
            parts.append(f"\x1b[{area}A" + "".join(f"\x1b[1m{r}\x1b[m\x1b[0K\x1b[{len(r)}D\x1b[1B" for r in rows))
        log = ["", f"> Task :sub{t}:compileJava", f"warning: [deprecation] Thing{t} in com.acme has been deprecated"]
        logged += log
        parts.append(f"\x1b[{area}A\x1b[0K" + "".join(f"{row}\x1b[0K\r\n" for row in log) + "\x1b[0K\r\n" * area)
    parts.append(f"\x1b[{area}A" + "\x1b[2K\x1b[1B" * area + f"\x1b[{area}A\x1b[0m")
    logged += ["", "BUILD SUCCESSFUL in 9s"]
    parts.append("\r\nBUILD SUCCESSFUL in 9s\r\n")
    return "".join(parts).encode(), logged


def test_a_gradle_like_build_keeps_every_logged_line_once_and_no_status_row():
    raw, logged = gradle_like_stream(12)
    text = lines(raw)
    assert not STATUS_RESIDUE.search("\n".join(text))
    assert text[0] == "Starting a Gradle Daemon"
    assert [line for line in text[1:] if line] == [line for line in logged if line]
    assert "\n".join(text) == chunked(raw, 7) == chunked(raw, 4096)


def test_redraw_storms_stay_linear_and_bounded():
    small, _ = gradle_like_stream(40)
    big, logged = gradle_like_stream(40 * 32)  # about 1.2 MB
    timings = []
    for raw in (small, big):  # CPU seconds of this process: other processes' load on the box matters little
        started = time.process_time()
        text = normalize(raw).text
        timings.append(time.process_time() - started)
    assert "warning: [deprecation] Thing1279 in com.acme" in text and not STATUS_RESIDUE.search(text)
    assert timings[1] < 2.5, f"{len(big)} bytes took {timings[1]:.2f} s of CPU"
    assert timings[1] < 40 * max(timings[0], 0.01)
    bar, task = "<=====--------> 40% EXECUTING [3m 2s]", "> :app:test > 812 tests"
    frame = f"\x1b[2A\x1b[1m{bar}\x1b[m\x1b[{len(bar)}D\x1b[1B{task}\x1b[{len(task)}D\x1b[1B".encode()
    storm = b"reserved\r\n\r\n\r\n" + frame * 30_000 + b"\r\nBUILD FAILED in 3m 2s\r\n"  # 2.7 MB, one line feed
    tracemalloc.start()
    try:
        text = normalize(storm).text
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text.splitlines() == ["reserved", bar, task, "", "BUILD FAILED in 3m 2s"]
    assert peak < 2_000_000  # a few 256 KB pieces at a time, never the whole stream


# --- other tools' status areas ----------------------------------------------------------------------------------

def test_a_rich_live_progress_renders_to_its_last_frame_and_the_lines_printed_above_it():
    # a real renderer: rich's Live display (the field's Python progress UI) redraws with CR, ESC[2K and ESC[1A
    import io

    from rich.console import Console
    from rich.progress import Progress

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=100, color_system="truecolor")
    with Progress(console=console, auto_refresh=False) as progress:
        wheels, sdist = progress.add_task("download wheels", total=50), progress.add_task("build sdist", total=20)
        for i in range(50):
            progress.advance(wheels)
            progress.advance(sdist, 1 if i % 3 == 0 else 0)
            if i in (10, 30):
                progress.console.print(f"[yellow]warning[/]: retrying chunk {i}")
            progress.refresh()
    raw = buf.getvalue().encode()
    out = lines(raw)
    assert out[:2] == ["warning: retrying chunk 10", "warning: retrying chunk 30"]
    assert len(out) == 4 and out[2].startswith("download wheels") and "100%" in out[2]
    assert out[3].startswith("build sdist") and "85%" in out[3]
    assert chunked(raw, 5) == "\n".join(out)


def test_reverse_line_feed_moves_up_like_cursor_up():
    assert lines(b"building\nstatus 10%\n\x1bM\x1b[2Kstatus done\nnext\n") == ["building", "status done", "next"]


def buildx_like(steps: int, error: bool) -> bytes:
    """docker buildx's tty printer: up over the last frame (ESC[1A per row), column 0, rows with ESC[K, and when a
    frame is shorter, the rows left over erased (ESC[2K + LF) and stepped back over (ESC[1A)."""
    out, prev = ["#0 building with \"default\" instance using docker driver\n"], 0
    for done in range(steps + 1):
        frame = [f"[+] Building {done * 1.5:.1f}s ({done}/{steps})"]
        frame += [f" => [{i + 1}/{steps}] RUN step {i}{' ' * 20}{i * 0.3:.1f}s" for i in range(done)]
        frame += [f" => [{done + 1}/{steps}] RUN step {done}"] if done < steps else []
        frame = frame if done < steps else frame[:1] + frame[-2:]  # the last frame is shorter
        out.append("\x1b[1A" * prev + "\x1b[0G" + "".join(f"{row}\x1b[K\n" for row in frame))
        if len(frame) < prev:
            diff = prev - len(frame)
            out.append("\x1b[2K\n" * diff + "\x1b[1A" * diff)
        prev = len(frame)
    if error:
        out.append("ERROR: failed to solve: process \"/bin/sh -c make\" did not complete successfully: exit code: 2\n")
    return "".join(out).encode()


def test_buildx_frames_collapse_to_the_last_one_and_the_error_after_it_stays():
    raw = buildx_like(5, error=True)
    assert lines(raw) == [
        '#0 building with "default" instance using docker driver',
        "[+] Building 7.5s (5/5)",
        " => [4/5] RUN step 3                    0.9s",
        " => [5/5] RUN step 4                    1.2s",
        'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
    ]
    assert all(chunked(raw, size) == normalize(raw).text for size in (1, 2, 5, 64))


def log_update(frames: list[list[str]], logs: dict[int, str]) -> bytes:
    """log-update (npm/pnpm/ink): a frame is written without a final LF; before the next one its rows are erased
    bottom-up (ESC[2K, ESC[1A ... ESC[2K, ESC[G); a log line is printed between erase and redraw."""
    out, prev = [], 0
    for i, frame in enumerate(frames):
        if prev:
            out.append("\x1b[2K\x1b[1A" * (prev - 1) + "\x1b[2K\x1b[G")
        if i in logs:
            out.append(logs[i] + "\n")
        out.append("\n".join(frame))
        prev = len(frame)
    return ("".join(out) + "\n").encode()


def test_log_update_frames_leave_only_the_last_frame_and_the_logged_lines():
    frames = [[f"Progress: resolved {n}, reused {n // 2}, downloaded {n // 3}, added 0", f"⠋ fetching pkg-{n}"] for n in range(0, 400, 7)]
    frames.append(["Progress: resolved 400, reused 200, downloaded 133, added 400, done"])
    logs = {3: " WARN  deprecated request@2.88.2: request has been deprecated", 30: " ERR_PNPM_FETCH_404  GET https://registry/left-pad: Not Found - 404"}
    raw = log_update(frames, logs)
    assert lines(raw) == [logs[3], logs[30], "Progress: resolved 400, reused 200, downloaded 133, added 400, done"]
    assert chunked(raw, 3) == normalize(raw).text


def test_cargo_bar_cleared_with_cr_and_erase_keeps_the_messages():
    raw = (b"    Updating crates.io index\n"
           + b"".join(b"    Building [%s>%s] %d/40: serde, tokio\r\x1b[K   Compiling crate%d v0.1.0\n" % (b"=" * n, b" " * (40 - n), n, n) for n in range(1, 4))
           + b"    Building [===>   ] 3/40: app\r\x1b[Kerror[E0308]: mismatched types\n --> src/main.rs:4:18\n")
    assert lines(raw) == ["    Updating crates.io index", "   Compiling crate1 v0.1.0", "   Compiling crate2 v0.1.0",
                          "   Compiling crate3 v0.1.0", "error[E0308]: mismatched types", " --> src/main.rs:4:18"]


def test_apt_bottom_row_progress_drawn_between_saved_and_restored_cursor_is_not_output():
    raw = (b"Reading package lists...\nSetting up libfoo (1.0) ...\r\n\n\x1b7\x1b[0;23r\x1b8\x1b[1A"
           + b"".join(b"Unpacking pkg%d ...\r\n\x1b7\x1b[24;0f\x1b[42m\x1b[30mProgress: [ %d%%]\x1b[49m\x1b[39m [###...]\x1b8" % (i, i * 20) for i in range(4))
           + b"\x1b7\x1b[0;24r\x1b[24;0f\x1b[J\x1b8Processing triggers for man-db ...\n")
    assert lines(raw) == ["Reading package lists...", "Setting up libfoo (1.0) ...", "Unpacking pkg0 ...", "Unpacking pkg1 ...",
                          "Unpacking pkg2 ...", "Unpacking pkg3 ...", "Processing triggers for man-db ..."]


def test_cursor_left_and_column_moves_overwrite_within_the_row():
    assert lines(b"downloading  50%\x1b[4D100%\n") == ["downloading 100%"]
    assert lines(b"name\x1b[20Gstatus\nrow two\n") == ["name               status", "row two"]
    assert lines(b"abcdef\x1b[3D\x1b[1K!\n") == ["   !ef"]  # erased up to the cursor, then written at it


def test_erase_below_drops_the_rows_under_the_cursor():
    raw = b"keep\nstatus 1\nstatus 2\nstatus 3\n\x1b[3A\x1b[Jdone\nafter\n"
    assert lines(raw) == ["keep", "done", "after"]


def test_a_redraw_never_reaches_rows_that_scrolled_out_of_reach():
    rows = [f"log line {i}" for i in range(3 * HELD_LINES)]
    raw = ("\n".join(rows) + "\n" + f"\x1b[{10 * HELD_LINES}A\x1b[2Kstatus\x1b[{10 * HELD_LINES}B\n").encode()
    out = lines(raw)
    assert out[: 2 * HELD_LINES] == rows[: 2 * HELD_LINES]
    assert out[2 * HELD_LINES] == "status" and out[2 * HELD_LINES + 1 :] == rows[2 * HELD_LINES + 1 :]
    assert chunked(raw, 11) == "\n".join(out)


# --- any byte soup --------------------------------------------------------------------------------------------

TOKENS = [b"\x1b[2A", b"\x1b[1B", b"\x1b[3D", b"\x1b[5C", b"\x1b[K", b"\x1b[2K", b"\x1b[1K", b"\x1b[J", b"\x1b[G", b"\x1b[12G",
          b"\x1b7", b"\x1b8", b"\x1bM", b"\x1b[s", b"\x1b[u", b"\x1b[5;1H", b"\x1b[1F", b"\x1b[2E", b"\x1b[31m", b"\x1b]0;t\x07", b"\r",
          b"\r\n", b"\n", b"\b", b"\x00", b"ok", b"error: x", b"  ", b"\t", b"\xe2\x82"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(st.sampled_from(TOKENS), max_size=80).map(b"".join),
       cuts=st.lists(st.integers(min_value=1, max_value=16), max_size=12))
def test_redraw_soup_is_clean_idempotent_and_the_same_however_chunked(raw, cuts):
    whole = normalize(raw)
    if whole.binary:
        return
    assert_clean_and_the_same_however_chunked(raw, whole.text, cuts)


def test_summary_of_a_redrawn_failure_keeps_the_failure_and_drops_the_frames():
    raw = buildx_like(8, error=True)
    s = summarize("docker buildx build .", raw, 1)
    assert "exit code: 2" in s.text or "did not complete successfully" in s.text
    assert "(1/8)" not in s.text and "(7/8)" not in s.text
