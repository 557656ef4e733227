"""The answer sentences of the seventh batch's questions, gathered for answer.py: the working tree (symlinks,
duplicates, conflict markers, where an environment variable is read), branches and deleted files, a script retried
through its interpreter, test counts and warnings, pins that conflict, versions that disagree, exit statuses per input,
an output compared with the expected one, the files a build was to produce, the rows of a SQLite table; and the
eighth's: a branch against its upstream, an ignored file, checksums, an archive's entries, a log's last lines, an
access log's counts, two config files' keys, Python files that do not compile, the process holding a port, tests alone
vs in the whole suite, a test file pytest does not collect; and the ninth's: a log's entries per level, a CSV column's totals per group, a commit's files, commits per author, where a name is defined and used, a Compose file's ports; the tenth's (more_plans.py) and the eleventh's (lookup_plans.py)."""

from __future__ import annotations

from pathlib import Path

from terminus_edge.subagent.branch_questions import branch_reports
from terminus_edge.subagent.input_runs import exit_status_report
from terminus_edge.subagent.output_checks import artifact_report, compare_report
from terminus_edge.subagent.pin_conflicts import pin_conflict_report
from terminus_edge.subagent.records import CommandRecord
from terminus_edge.subagent.retries import retry_note
from terminus_edge.subagent.sqlite_questions import sqlite_report
from terminus_edge.subagent.test_collection import collect_report, uncollected_report, warnings_report
from terminus_edge.subagent.tree_answers import tree_reports
from terminus_edge.subagent.version_agreement import version_agreement_report
from terminus_edge.subagent.git_sync_questions import git_sync_reports
from terminus_edge.subagent.artifact_questions import artifact_reports
from terminus_edge.subagent.log_questions import log_reports
from terminus_edge.subagent.log_levels import log_levels_report
from terminus_edge.subagent.csv_totals import csv_totals_report
from terminus_edge.subagent.commit_questions import commit_reports
from terminus_edge.subagent.symbol_questions import symbol_report
from terminus_edge.subagent.compose_questions import compose_ports_report
from terminus_edge.subagent.config_diff import config_diff_reports
from terminus_edge.subagent.port_holders import port_report
from terminus_edge.subagent.isolation_runs import isolation_report
from terminus_edge.subagent.more_plans import more_plan_reports
from terminus_edge.subagent.lookup_plans import lookup_reports
from terminus_edge.subagent.workflow_steps import workflow_report


def more_reports(query: str, records: list[CommandRecord], cwd: Path | None) -> list[str]:
    return tree_reports(records) + branch_reports(records) + [
        retry_note(records), collect_report(records), warnings_report(query, records, cwd), pin_conflict_report(records),
        version_agreement_report(records), exit_status_report(records), compare_report(records), artifact_report(records),
        sqlite_report(records), port_report(records), uncollected_report(query, records, cwd),
        isolation_report(query, records)] + git_sync_reports(records) + artifact_reports(query, records) + \
        log_reports(query, records) + [log_levels_report(records), csv_totals_report(records), symbol_report(records),
                                       compose_ports_report(records)] + config_diff_reports(records) + commit_reports(records) + \
        more_plan_reports(records) + lookup_reports(query, records) + [workflow_report(query, records, cwd)]
