"""Git subcommands and package managers: what one such command does to the repository or the installed packages."""

from __future__ import annotations

import re

from terminus_edge.subagent.purpose_files import search
from terminus_edge.subagent.purpose_text import Step, join_names, operands, option_value, quote_short

_INSTALL_RX = re.compile(r"^(?:(?:python[\d.]*\s+-m\s+)?pip[\d.]*|uv\s+pip|uv|conda|mamba|apt|apt-get|dnf|yum|apk|brew|"
                         r"gem|npm|yarn|pnpm|bun|cargo|go|go\s+mod|poetry|pipenv|bundle|composer|dotnet|make)\s+"
                         r"(install|i|ci|add|get|require|sync|restore|fetch|download|tidy|uninstall|remove|"
                         r"update|upgrade)\b")

_SYSTEM_PACKAGERS = {"apt", "apt-get", "dnf", "yum", "apk", "brew", "conda", "mamba"}
_GIT_QUERY = {"status": "show which files are changed, staged or untracked", "log": "show the commit history",
              "diff": "show the changes not yet committed", "show": "show the last commit and its changes",
              "blame": "show who last changed each line of {args}", "branch": "list the branches", "tag": "list the tags",
              "remote": "list the remote repositories", "rev-parse": "look up {args}", "describe": "name the commit by "
              "its nearest tag", "ls-files": "list the files git tracks", "shortlog": "summarize the history by author",
              "reflog": "show where HEAD has been", "stash": "list the stashed changes", "config": "read git settings",
              "ls-tree": "list a tree's files", "cat-file": "show a git object", "worktree": "list the worktrees"}
_GIT_CHANGE = {"add": "stage {args} for the next commit", "commit": "record a commit", "checkout": "check out {args}",
               "switch": "switch to the branch {args}", "restore": "restore {args} from git", "merge": "merge {args} into "
               "the current branch", "rebase": "rebase the current branch", "reset": "reset the current branch or "
               "the staged changes", "revert": "revert {args}", "cherry-pick": "apply the commit {args}", "stash":
               "stash or re-apply uncommitted changes", "clean": "delete untracked files", "rm": "delete {args} and "
               "stop tracking it", "mv": "move {args} in the repository", "init": "create a git repository",
               "apply": "apply a patch", "branch": "create the branch {args}", "tag": "create or "
               "delete the tag {args}", "remote": "change the remote repositories", "config": "change git settings"}
_GIT_REMOTE = {"push": "send commits to {args}", "pull": "fetch and merge commits from {args}",
               "fetch": "download commits from {args}", "clone": "copy the repository {args}"}

def install_step(text: str, name: str, args: list[str]) -> Step | None:
    match = _INSTALL_RX.match(text)
    if not match and not (name in ("yarn", "bundle", "poetry") and not args):
        return None
    sub = match.group(1) if match else "install"
    tool = text[: match.start(1)].strip() if match else name
    verb = {"uninstall": "remove", "remove": "remove", "update": "update", "upgrade": "update", "tidy": "tidy",
            "add": "add", "require": "add", "fetch": "download", "download": "download"}.get(sub, "install")
    rest = text[match.end(1):].split() if match else []
    listed = option_value(rest, ("-r", "--requirement"))
    wanted = [a if a not in (".", "./") else "this project" for a in operands(rest, "pip")
              if not (tool == "dotnet" and a in ("package", "reference"))]  # dotnet add package X
    if tool == "make":
        return Step("install", "install the built project (make install)", "install the project's build on this machine")
    if tool in _SYSTEM_PACKAGERS and not wanted:
        return Step("install", f"run `{tool} {sub}`", "update the system's packages or package index")
    what = (f"the packages listed in {listed}" if listed else join_names(wanted) if wanted and sub != "tidy"
            else "the project's dependencies")
    where = " to the project's dependencies" if verb == "add" else ""
    return Step("install", f"{verb} {what}{where} with {tool}{' ' + sub if sub in ('ci', 'sync', 'restore') else ''}")


def git_step(name: str, args: list[str]) -> Step | None:
    if name != "git":
        return None
    rest = list(args)
    while rest and rest[0].startswith("-"):  # git -C dir -c k=v …
        rest = rest[2:] if rest[0] in ("-C", "-c") else rest[1:]
    if not rest:
        return Step("run", "run git")
    sub, sub_args = rest[0], rest[1:]
    ops = operands(sub_args, "git")
    shown = join_names(ops) if ops else "the current branch's upstream" if sub in _GIT_REMOTE else "everything"
    if sub == "grep":
        return search(["git grep"] + sub_args, "git", sub_args, False, "the tracked files")
    if sub in _GIT_REMOTE:
        where = ops[0] + (f" ({join_names(ops[1:])})" if ops[1:] else "") if ops else shown
        return Step("git-change", _GIT_REMOTE[sub].format(args=where),
                    "exchange commits with a remote repository over the network")
    opts = set(sub_args)
    if sub in ("diff", "log", "show") and (ops or opts & {"--staged", "--cached"}):
        what = "the staged changes" if opts & {"--staged", "--cached"} else f"`{quote_short(' '.join(sub_args), 40)}`"
        return Step("git-query", {"diff": f"show the differences for {what}", "log": f"show the commit history of {what}",
                                  "show": f"show {what} and its changes"}[sub])
    listing = opts & {"-l", "--list", "--get", "--get-all", "-v", "-a", "-r", "--show-current"}
    reads = (sub not in _GIT_CHANGE or listing or (ops[:1] in (["list"], ["show"]))
             or (not ops and sub in ("branch", "tag", "remote", "worktree")) or (sub == "config" and len(ops) == 1))
    if sub in _GIT_QUERY and reads:
        return Step("git-query", _GIT_QUERY[sub].format(args=shown))
    if sub in ("checkout", "switch", "branch") and opts & {"-b", "-B", "-c", "-C", "-d", "-D", "-m", "-M"}:
        verb = "delete" if opts & {"-d", "-D"} else "rename" if opts & {"-m", "-M"} else "create"
        return Step("git-change", f"{verb} the branch {shown}" + (" and switch to it" if sub != "branch" else ""))
    if sub in _GIT_CHANGE:
        return Step("git-change", _GIT_CHANGE[sub].format(args=shown))
    return Step("run", f"run git {sub}")
