"""Round 3's new asks through the subagent: a request to re-run the migrations plans the project's migration script;
with someone to ask, the user approves it and it runs; with nobody, it is refused with the policy's reason, the
read-only status listing still runs, and the answer says what was not run and why. Formatters alike, as a tool call."""

from __future__ import annotations

import pytest

from terminus_edge.integrations.toolkit import ToolDenied, Toolkit
from terminus_edge.logstore import LogStore
from terminus_edge.subagent.approval import NOBODY_TO_ASK, UserDecision
from terminus_edge.subagent.loop import execution_subagent

MIGRATE = '''"""usage: python3 migrate.py up       apply every pending migration
       python3 migrate.py status   list applied and pending migrations
"""
import sys
from pathlib import Path

if __name__ == "__main__" and sys.argv[1:] == ["up"]:
    Path("applied.txt").write_text("0001_init\\n")
    print("applied 0001_init")
elif __name__ == "__main__":
    print("PENDING 0001_init" if not Path("applied.txt").exists() else "applied 0001_init, nothing pending")
'''


@pytest.fixture
def project(tmp_path):
    """(a project with a migration script, a log store)"""
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "migrate.py").write_text(MIGRATE)
    with LogStore(tmp_path / "logs.sqlite3") as store:
        yield tmp_path / "proj", store


def test_migrations_asked_for_run_only_when_someone_approves(project):
    proj, store = project
    alone = execution_subagent("Re-run the migrations.", cwd=proj, model=None, store=store)
    assert not (proj / "applied.txt").exists()
    assert "`python3 migrate.py up` was not run (refused by policy: needs approval:" in alone.answer
    assert "changes the database (the project's migration script, told to `up`)" in alone.answer
    assert NOBODY_TO_ASK in alone.answer
    assert "PENDING 0001_init" in alone.answer  # the status listing ran and says nothing was applied

    seen = []

    def approver(proposed):
        seen.append(proposed)
        return UserDecision.approve()

    watched = execution_subagent("Re-run the migrations.", cwd=proj, model=None, store=store, approve=approver)
    assert [(p.command, p.policy.action) for p in seen] == [("python3 migrate.py up", "ask"),
                                                            ("python3 migrate.py status", "allow")]
    assert "changes the database" in seen[0].policy.reason
    assert (proj / "applied.txt").exists() and watched.exit_codes == [0, 0]


@pytest.mark.parametrize("command, why", [("black .", "rewrites the project's files in place"),
                                          ("python3 manage.py migrate", "changes the database"),
                                          ("make > notes.txt", "overwrites the existing file notes.txt")])
def test_new_asks_are_refused_for_an_agents_tool_call_with_the_reason(project, command, why):
    proj, store = project
    (proj / "notes.txt").write_text("keep me\n")
    toolkit = Toolkit(cwd=proj, use_model=False, store=store, policy_mode="auto")
    with pytest.raises(ToolDenied, match="nobody is there to approve it") as denied:
        toolkit.run_in_terminal(command)
    assert why in str(denied.value)
    assert (proj / "notes.txt").read_text() == "keep me\n"
