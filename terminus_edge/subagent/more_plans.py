"""The tenth batch's read-only question plans and their answer sentences, gathered for question_plans.py and
more_reports.py: the commit that last changed a file, the commits of a stretch of days, lines matching a text counted
per file, two CSV files compared by row, when a crontab job runs, a systemd unit verified, where a config key is set; and the eleventh's one plan that runs something: a CI workflow's steps, in order."""

from __future__ import annotations

from pathlib import Path

from terminus_edge.subagent.config_key_search import config_key_plan, config_key_report
from terminus_edge.subagent.cron_schedule import cron_plan, cron_report
from terminus_edge.subagent.file_history_questions import date_range_plan, file_history_reports, last_change_plan
from terminus_edge.subagent.make_prereqs import prerequisites_report
from terminus_edge.subagent.match_counts import match_counts_plan, match_counts_report
from terminus_edge.subagent.question_common import first_plan
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.table_diff import table_diff_plan, table_diff_report
from terminus_edge.subagent.unit_files import unit_files_reports, unit_verify_plan
from terminus_edge.subagent.workflow_steps import workflow_plan

PLANS = (unit_verify_plan, config_key_plan, last_change_plan, date_range_plan, match_counts_plan, table_diff_plan, cron_plan,
         workflow_plan)


def more_question_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    return first_plan(PLANS, query, cwd)


def more_plan_reports(records: list[CommandRecord]) -> list[str]:
    return file_history_reports(records) + unit_files_reports(records) + [
        match_counts_report(records), table_diff_report(records), cron_report(records), prerequisites_report(records),
        config_key_report(records)]
