"""Unattended policy, by class of destructive idiom (policy/unattended.py): every way to delete, truncate or overwrite
data asks with nobody watching (so the subagent refuses it), the everyday near-misses stay allowed, and the
catastrophic denies hold through every wrapper."""

from __future__ import annotations

import time

import pytest

from terminus_edge.policy import decide


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "proj"
    for folder in ("a", "b", "build"):
        (root / folder).mkdir(parents=True)
    for name in ("app.db", "x", "f", "a/x"):
        (root / name).write_text("data\n")
    return root


def unattended(command: str, cwd):
    return decide(command, cwd=cwd, mode="auto", unattended=True)


ASKED = [  # (command, words of the reason)
    # deleting files, by any tool
    ("find build -delete", "deletes the files it finds"),
    ("find . -name '*.pyc' -delete", "deletes the files it finds"),
    ("find . -exec rm {} +", "deletes files"),
    ("find . -name x -execdir rm -rf {} \\;", "deletes files recursively or by force"),
    ("find . -name x -ok rm {} \\;", "deletes files"),
    ("find . -type f -exec shred -u {} +", "overwrites and deletes files"),
    ("find . -exec sh -c 'rm \"$1\"' _ {} \\;", "cannot check"),
    ("sh -c 'find . -delete'", "deletes the files it finds"),
    ("rm app.db", "deletes files"),
    ("yes | rm -i x", "deletes files"),
    ("busybox rm x", "deletes files"),
    ("unlink f", "deletes files"),
    ("rmdir build", "deletes directories"),
    ("shred -u x", "overwrites and deletes files"),
    ("wipe x", "overwrites and deletes files"),
    ("truncate -s0 app.db", "truncates files"),
    ("rsync -a --delete a/ b/", "deletes files in the destination"),
    ("rsync -av --delete-after a/ host:/srv/", "deletes files in the destination"),
    ("mv a /dev/null", "moves it to /dev/null"),
    ("env rm -rf b", "deletes files recursively or by force"),
    ("command rm -rf b", "deletes files recursively or by force"),
    ("builtin rm -rf b", "deletes files recursively or by force"),
    ("nohup rm -rf b", "deletes files recursively or by force"),
    ("timeout 5 rm -rf b", "deletes files recursively or by force"),
    ("nice -n 5 rm x", "deletes files"),
    ("setsid rm x", "deletes files"),
    ("strace -o trace.txt rm x", "deletes files"),
    ("flock build/lock rm x", "deletes files"),
    ("eval 'rm x'", "deletes files"),
    ("parallel rm ::: a b", "deletes files"),
    # interpreter one-liners
    ("python -c \"import shutil; shutil.rmtree('b')\"", "deletes files"),
    ("python3.11 -c \"import os; os.remove('x')\"", "deletes files"),
    ("python3 -c \"from pathlib import Path; Path('x').unlink()\"", "deletes files"),
    ("python - <<'EOF'\nimport shutil\nshutil.rmtree('b')\nEOF", "deletes files"),
    ("echo \"import os; os.unlink('x')\" | python3", "deletes files"),
    ("perl -e 'unlink \"x\"'", "deletes files"),
    ("perl -e 'use File::Path; rmtree(\"b\")'", "deletes files"),
    ("node -e \"require('fs').rmSync('b', {recursive: true})\"", "deletes files"),
    ("node --eval \"fs.unlinkSync('x')\"", "deletes files"),
    ("ruby -e 'require \"fileutils\"; FileUtils.rm_rf(\"b\")'", "deletes files"),
    ("php -r 'unlink(\"x\");'", "deletes files"),
    # overwriting an existing file
    ("> app.db", "truncates the existing file app.db"),
    (": > app.db", "truncates the existing file"),
    ("true > app.db", "truncates the existing file"),
    ("cat /dev/null > app.db", "truncates the existing file"),
    ("printf '' > app.db", "truncates the existing file"),
    ("exec > app.db", "truncates the existing file"),
    ("sort app.db > app.db", "empties app.db before reading it"),
    ("make > app.db", "overwrites the existing file app.db (the shell truncates it first)"),
    ("grep -v foo ./x > x", "empties x before reading it"),
    ("mv x app.db", "overwrites the existing file app.db"),
    ("cp /dev/null app.db", "overwrites the existing file"),
    ("cp -f x f", "overwrites the existing file"),
    ("mv x a/", "overwrites"),
    ("ln -sf x app.db", "overwrites the existing file"),
    ("install x app.db", "overwrites the existing file"),
    # containers, clusters, cloud
    ("docker system prune -af", "containers"),
    ("docker image prune -a", "containers"),
    ("docker volume rm data", "containers"),
    ("docker rm -f web", "containers"),
    ("docker rmi img", "containers"),
    ("podman container prune", "containers"),
    ("docker compose down -v", "containers"),
    ("docker-compose down --rmi all", "containers"),
    ("kubectl delete ns prod", "cluster"),
    ("kubectl -n prod delete -f k8s/", "cluster"),
    ("helm uninstall app", "cluster"),
    ("terraform destroy -auto-approve", "cloud"),
    ("aws s3 rm s3://bucket/x --recursive", "cloud"),
    ("gcloud compute instances delete vm1", "cloud"),
    ("docker exec web rm -rf /data", "in the container: `rm -rf /data` deletes files recursively"),
    ("kubectl exec pod -- sh -c 'find / -delete'", "deletes the files it finds"),
    ("ssh -p 2222 host 'rm x'", "runs a command on another machine"),
    # databases
    ("psql -c \"DROP TABLE users\"", "drops a database"),
    ("psql -d app -c 'TRUNCATE users'", "drops a database"),
    ("mysql -e 'DROP DATABASE prod'", "drops a database"),
    ("sqlite3 app.db \"DROP TABLE users\"", "drops a database"),
    ("sqlite3 app.db \"DELETE FROM users\"", "drops a database"),
    ("sqlite3 app.db 'update users set pw = null;'", "drops a database"),
    ("psql -c 'BEGIN; DELETE FROM users; COMMIT'", "drops a database"),
    ("echo 'DROP TABLE x;' | sqlite3 app.db", "drops a database"),
    ("sqlite3 app.db <<'EOF'\nDELETE FROM users;\nEOF", "drops a database"),
    ("dropdb prod", "drops a database"),
    ("redis-cli FLUSHALL", "drops a database"),
    ("mongosh --eval 'db.users.deleteMany({})'", "drops a database"),
    # git beyond the work in progress
    ("git branch -D feat", "may not be merged"),
    ("git branch --delete --force feat", "may not be merged"),
    ("git -C . branch -df feat", "may not be merged"),
    ("git tag -d v1", "deletes a tag"),
    ("git rm x", "deletes files from the working tree"),
    ("git restore x", "discards uncommitted changes"),
    ("git checkout .", "discards uncommitted changes"),
    ("git checkout x", "discards uncommitted changes"),
    ("git checkout -f main", "discards uncommitted changes"),
    ("git switch --discard-changes main", "discards uncommitted changes"),
    ("git stash drop", "changes git history"),
    ("git stash clear", "changes git history"),
    ("git reflog expire --expire=now --all", "changes git history"),
    ("git gc --prune=now", "changes git history"),
    ("git filter-branch --tree-filter 'true' HEAD", "changes git history"),
    ("git push origin --delete feat", "deletes a remote branch"),
    ("git reset HEAD~3", "drops commits"),
    ("git reset --soft origin/main", "drops commits"),
    ("git worktree remove wt", "deletes a worktree"),
    ("git submodule deinit -f --all", "submodule"),
    # packages, crontab, processes, services, attributes
    ("apt-get -y purge jq", "removes"),
    ("apt remove jq", "removes"),
    ("brew uninstall jq", "removes"),
    ("cargo uninstall ripgrep", "removes"),
    ("dnf -y remove jq", "removes"),
    ("pacman -Rns jq", "removes"),
    ("conda remove numpy", "removes"),
    ("uv pip install httpx", "installs"),
    ("go clean -modcache", "Go module cache"),
    ("pip cache purge", "download cache"),
    ("npm cache clean --force", "download cache"),
    ("git lfs prune", "download cache"),
    ("crontab -r", "crontab"),
    ("crontab jobs.txt", "crontab"),
    ("kill 1234", "did not start"),
    ("kill -9 1234", "did not start"),
    ("pkill -f server", "signals"),
    ("systemctl stop nginx", "system services"),
    ("service nginx restart", "system services"),
    ("chattr +i x", "permissions"),
    ("setfacl -m u:nobody:r x", "permissions"),
    ("mount /dev/sdb1 build", "system's configuration"),
]


@pytest.mark.parametrize("command, why", ASKED, ids=[c for c, _ in ASKED])
def test_destructive_commands_ask_unattended(command, why, tree):
    decision = unattended(command, tree)
    assert decision.action == "ask", decision
    assert why in decision.reason and decision.reason.startswith("needs approval: `")


STILL_ALLOWED = [
    "find . -name '*.py' -print", "find . -name x", "find . -type f -exec grep -l foo {} +",
    "find . -name '*.py' -exec wc -l {} \\;", "grep -r foo .", "rsync -a a/ b/", "rsync -a a/ newdir/",
    "python -c \"import json; print(json.load(open('app.db')))\"", "python3 -c 'l = [1]; l.remove(1); print(l)'",
    "python3 - <<'EOF'\nprint('rm -rf /')\nEOF", "node -e \"console.log(require('fs').readFileSync('x', 'utf8'))\"",
    "perl -ne 'print if /foo/' x", "ruby -e 'puts File.read(\"x\")'",
    # a command's output to a new file, appending and creating an empty file lose nothing
    "make > out.log", "pytest -q 2>&1 | tee build/test.log", "echo hi > out.txt", "cat x > y.txt",
    "echo hi >> app.db", "true >> app.db", "sed s/a/b/ x > x.new", "sort app.db >> app.db", ": > new.log", "> new2.log", "make >/dev/null 2>&1",
    "mv x renamed", "cp x copy", "cp -r a c", "cp x b/", "cp -n x app.db", "cp --backup=numbered x app.db",
    "ln -s x link", "ln -sf x newlink", "install -d newdir", "truncate -s 1G disk.img",
    "git stash list", "git stash show -p", "git status", "git branch", "git branch -d merged-feature",
    "git checkout main", "git checkout -b feature", "git restore --staged x", "git rm --cached x", "git tag v1.2",
    "git gc", "git reset", "git reset HEAD x", "docker exec web pytest -q", "kubectl exec pod -- ls /data", "docker ps", "docker images", "docker run --rm alpine true", "docker build -t x .",
    "docker compose up -d", "docker compose down", "docker logs web", "kubectl get pods", "kubectl describe pod x",
    "helm list", "terraform plan", "aws s3 ls", "sqlite3 app.db \"SELECT count(*) FROM users\"",
    "sqlite3 app.db \"DELETE FROM users WHERE id = 3\"", "sqlite3 app.db .tables", "psql -c 'select 1'",
    "psql -c 'UPDATE t SET a = 1 WHERE id = 2'", "echo 'select 1' | sqlite3 app.db", "mysql -e 'SHOW TABLES'",
    "redis-cli GET k", "crontab -l", "kill -0 1234", "kill -l", "sleep 10 & kill $!", "sleep 10 & kill %1",
    "chmod +x x", "pip list", "pip show requests", "npm test", "npm run build", "cargo build", "go test ./...",
    "go clean -cache", "apt list --installed", "systemctl status nginx", "make clean", "cargo clean",
    "echo 'rm -rf /'", "grep -rn 'DROP TABLE' src", "mount", "mount | grep sda", "iptables -L", "sysctl -a",
]


@pytest.mark.parametrize("command", STILL_ALLOWED)
def test_everyday_near_misses_stay_allowed_unattended(command, tree):
    decision = unattended(command, tree)
    assert decision.action == "allow", decision


CATASTROPHIC = [
    "nohup rm -rf /", "env rm -rf /", "command rm -rf /", "builtin rm -rf /", "exec rm -rf /", "nice -n 5 rm -rf /",
    "timeout -s KILL 5 rm -rf /", "sudo -u root rm -rf /", "stdbuf -oL rm -rf ~", "setsid rm -rf /",
    "strace -f rm -rf /", "flock /tmp/lock rm -rf /", "taskset 0x1 rm -rf /", "xargs -I{} rm -rf /",
    "bash -c \"rm -rf /\"", "sh -c 'eval \"rm -rf /\"'", "find . -exec sh -c 'rm -rf /' \\;",
    "find . -name x -execdir sudo rm -rf / \\;", "find / -delete", "nohup mkfs.ext4 /dev/sda1",
    "sudo -E mkfs -t ext4 /dev/sdb", "bash -c 'mkfs.ext4 /dev/sda'", "timeout 5 dd if=/dev/zero of=/dev/sda",
    "env dd if=/dev/urandom of=/dev/nvme0n1", "sudo sh -c 'cat x > /dev/sda'", "bash -c ':(){ :|:& };:'",
    "eval ':(){ :|:& };:'", "env shutdown -h now", "sudo -n reboot", "nohup git push --force", "env git push -f",
]


@pytest.mark.parametrize("command", CATASTROPHIC)
def test_catastrophic_commands_are_denied_through_wrappers(command, tree):
    for quiet in (False, True):
        decision = decide(command, cwd=tree, mode="auto", unattended=quiet)
        assert decision.action == "deny", (quiet, decision)


@pytest.mark.parametrize("command", ["find . -name '*.pyc' -delete", "rm app.db", "mv x app.db", "> app.db",
                                     "docker system prune -af", "git branch -D feat", "sqlite3 app.db 'DROP TABLE t'"])
def test_the_new_rules_apply_only_unattended(command, tree):
    # A person's own auto mode keeps deciding these as before (its near-misses list in test_policy.py).
    assert decide(command, cwd=tree, mode="auto").action == "allow"
    assert unattended(command, tree).action == "ask"


def test_adversarial_lines_are_decided_in_linear_time(tree):
    storms = ["psql -c '" + "drop " * 20_000 + "'", "python -c '" + ";" * 50_000 + "'",
              "python -c '" + "; " * 50_000 + "unlink'", "sqlite3 db '" + "\n" * 50_000 + "x'",
              "docker compose " + "down " * 20_000, "apt-get " + "-y " * 30_000 + "x", "kubectl " + "x " * 25_000,
              "perl -e '" + "{ " * 50_000 + "'", "mv " + "x " * 25_000 + "a/", "git " + "-c " * 25_000]
    start = time.process_time()
    for command in storms:
        assert unattended(command, tree).action in ("allow", "ask", "deny")
    assert time.process_time() - start < 10
