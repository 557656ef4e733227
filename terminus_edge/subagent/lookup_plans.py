"""The eleventh batch's read-only lookups, gathered for the planner and answer.py. Each reads the project (git,
reports, configs, logs, lock files) and changes nothing, so the planner tries them even when the request says not to
run, apply or build anything ("what is in my stash? do not apply anything")."""

from __future__ import annotations

from pathlib import Path

from terminus_edge.subagent.dependency_questions import dependency_reports, pulled_in_plan, unpinned_plan
from terminus_edge.subagent.deploy_config_questions import (cert_plan, deploy_config_reports, dockerfile_plan, limits_plan,
                                                             listen_plan)
from terminus_edge.subagent.folder_diff import folder_diff_plan, folder_diff_report
from terminus_edge.subagent.git_lookup_questions import (contains_plan, git_lookup_reports, introduced_plan, latest_tag_plan,
                                                          stash_plan)
from terminus_edge.subagent.log_stat_questions import (endpoint_time_plan, failed_logins_plan, log_stat_reports,
                                                        per_hour_plan, run_time_plan)
from terminus_edge.subagent.question_common import first_plan
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.report_questions import coverage_plan, junit_plan, report_reports

LOOKUPS = (introduced_plan, contains_plan, stash_plan, latest_tag_plan, failed_logins_plan, per_hour_plan, endpoint_time_plan,
           run_time_plan, listen_plan, dockerfile_plan, limits_plan, cert_plan, pulled_in_plan, unpinned_plan, junit_plan,
           coverage_plan, folder_diff_plan)


def lookup_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    return first_plan(LOOKUPS, query, cwd)


def lookup_reports(query: str, records: list[CommandRecord]) -> list[str]:
    return git_lookup_reports(query, records) + log_stat_reports(records) + deploy_config_reports(records) + \
        dependency_reports(records) + report_reports(records) + [folder_diff_report(records)]
