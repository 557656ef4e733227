"""The general rules held-out batch 11 prompted, each on projects other than the batch's: batch 10's two known gaps
first (a make goal's whole prerequisite chain, cron steps and names in words)."""

from __future__ import annotations

import pytest
from heldout_runs import ask, missing, proj, write  # noqa: F401

from terminus_edge.subagent.cron_schedule import describe


@pytest.mark.skipif(missing("make"), reason="make missing")
def test_make_prerequisites_follow_the_chain_past_the_first_out_of_date_one(proj):
    write(proj, {"Makefile": "%.o: %.c\n\tcc -c $<\nprog: a.o b.o\n\tcc -o $@ $^\nship: prog\n\ttouch shipped\n",
                 "a.c": "int a;\n", "b.c": "int b;\n"})
    answer, commands = ask("What does `make ship` depend on? Don't build anything.", proj)
    assert commands[0].startswith("make -pqk ship ")
    assert "ship` depends on: prog; prog on a.o b.o; a.o on a.c; b.o on b.c" in answer
    assert not any((proj / f).exists() for f in ("a.o", "b.o", "prog", "shipped"))


@pytest.mark.parametrize("spec, words", [
    ("*/15 * * * MON-FRI", "every 15 minutes on Monday-Friday"),
    ("*/20 8-17 * * 1-5", "every 20 minutes from 08:00 to 17:40 on Monday-Friday"),
    ("0 0 1 */3 *", "at 00:00 on day 1 of the month in January, April, July, October"),
    ("0 6 */2 * *", "at 06:00 every 2 days of the month from day 1 (1, 3, 5, 7, …)"),
    ("0,30 * * * *", "at minutes 0, 30 of every hour"), ("0 9,17 * * *", "at 09:00, 17:00 every day"),
    ("0 12 * jan,JUL sun", "at 12:00 on Sunday in January, July"), ("0 3 * * 7", "at 03:00 on Sunday"),
    ("0 3 1 * 1", "at 03:00 on day 1 of the month and also on Monday"), ("5/10 * * * *", "every 10 minutes from minute 5 of each hour"),
    ("@DAILY", "daily at 00:00"), ("*/0 * * * *", "`*/0 * * * *` (minute hour day-of-month month day-of-week)"),
    ("0 3 * * FOO", "`0 3 * * FOO` (minute hour day-of-month month day-of-week)")])
def test_cron_steps_and_names_in_words(spec, words):
    assert describe(spec) == words


def test_a_crontab_with_steps_names_and_specials_is_put_in_words(proj):
    write(proj, {"ops/crontab": "SHELL=/bin/sh\n*/15 9-17 * * MON-FRI /opt/bin/poll-queue\n@daily /opt/bin/rotate-logs\n"})
    answer, _ = ask("How often does poll-queue run (ops/crontab)?", proj)
    assert "runs every 15 minutes from 09:00 to 17:45 on Monday-Friday (`*/15 9-17 * * MON-FRI`)" in answer
    answer, _ = ask("When does rotate-logs in ops/crontab run?", proj)
    assert "runs daily at 00:00 (`@daily`)" in answer
