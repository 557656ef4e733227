"""Unattended policy, round 2 (policy/code.py, policy/rewrites.py): SQL read from files, archive extraction over existing
files, in-place edits, tee onto existing files, interpreter code that writes, deletes or shells out, and trash moves
ask with nobody watching, through pipes, `&&`, `;`, subshells, `sh -c`, env, sudo and xargs; the read-only look-alikes
stay allowed."""

from __future__ import annotations

import time

import pytest

from terminus_edge.benchmarks.policy_probe import scratch_tree
from terminus_edge.policy import decide


@pytest.fixture
def tree(tmp_path):
    return scratch_tree(tmp_path)


def unattended(command: str, cwd):
    return decide(command, cwd=cwd, mode="auto", unattended=True)


ASKED = [  # (command, words of the reason)
    # SQL the command line does not show
    ("psql -f x.sql", "runs SQL from the file x.sql"),
    ("psql -d app --file=x.sql", "runs SQL from the file x.sql"),
    ("psql -fx.sql", "runs SQL from the file x.sql"),
    ("psql < x.sql", "runs SQL from stdin (the file x.sql)"),
    ("psql app < migrations/001.sql", "the file migrations/001.sql"),
    ("sqlite3 app.db < x.sql", "runs SQL from stdin (the file x.sql)"),
    ("mysql app < dump.sql", "the file dump.sql"),
    ("mariadb -u root app < dump.sql", "the file dump.sql"),
    ("sqlite3 app.db '.read x.sql'", "`.read x"),
    ("sqlite3 app.db \".restore backup.db\"", "`.restore"),
    ("sqlite3 -init x.sql app.db", "the file x.sql"),
    ("psql -c '\\i x.sql'", "`\\i x"),
    ("mysql app -e 'source dump.sql'", "`source d"),
    ("duckdb -f x.sql", "the file x.sql"),
    ("mongosh app seed.js", "the script seed.js"),
    ("redis-cli < commands.txt", "the file commands.txt"),
    ("cat x.sql | psql", "the output of `cat x.sql`"),
    ("gunzip -c dump.sql.gz | mysql app", "the output of `gunzip -c dump.sql.gz`"),
    ("pg_dump old | psql new", "the output of `pg_dump old`"),
    ("env PGPASSWORD=pw psql -h db -f x.sql", "the file x.sql"),
    ("bash -c 'psql < x.sql'", "the file x.sql"),
    ("make && psql -f x.sql", "the file x.sql"),
    ("(cd a && sqlite3 ../app.db < ../x.sql)", "the file ../x.sql"),
    # archives extracted over existing files
    ("tar xf clash.tar", "overwrites src/main.py in ."),
    ("tar -xvf clash.tar", "overwrites src/main.py"),
    ("tar --extract --file=clash.tar", "overwrites src/main.py"),
    ("tar xzf data.tgz", "not empty: files there may be overwritten"),
    ("tar -xzf data.tgz -C build", "extracts into build, which is not empty"),
    ("tar -x -f data.tar -C $DEST", "cannot check what extracting into '$DEST' overwrites"),
    ("unzip clash.zip", "overwrites x in ."),
    ("unzip -o clash.zip", "overwrites x"),
    ("unzip -q data.zip", "not empty"),
    ("unzip -o data.zip -d build", "extracts into build, which is not empty"),
    ("7z x -y data.7z", "not empty"),
    ("7z e data.7z -obuild", "extracts into build"),
    ("7za x -aoa data.7z", "not empty"),
    ("jar xf clash.zip", "overwrites x"),
    ("cpio -i < data.cpio", "extracts into ., which is not empty"),
    ("cpio -idmv < data.cpio", "not empty"),
    ("timeout 60 unzip -o clash.zip", "overwrites x"),
    ("cd build && tar xf ../data.tar", "not empty"),
    ("curl -sSLo data.tar.gz localhost/a && tar xzf data.tar.gz", "not empty"),
    # in-place edits
    ("sed -i s/a/b/ x", "edits x in place"),
    ("sed -i.bak -e 's/a/b/' x f", "edits x, f in place"),
    ("sed --in-place 's/a/b/' x", "edits x in place"),
    ("sed -Ei 's/(a)/b/' x", "edits x in place"),
    ("sed -n -i '1p' x", "edits x in place"),
    ("perl -pi -e 's/a/b/' x", "edits x in place"),
    ("perl -i.orig -pe 's/a/b/' x", "edits x in place"),
    ("perl -pie 's/a/b/' x", "edits x in place"),
    ("ruby -i -pe 'gsub(/a/, \"b\")' x", "edits x in place"),
    ("awk -i inplace '{print}' x", "edits x in place"),
    ("gawk -i inplace -v n=1 '{print n}' x", "edits x in place"),
    ("ex -s x < script.ex", "runs an editor script on x"),
    ("ex -sc '%s/a/b/|x' x", "runs an editor script on x"),
    ("ed -s x <<'EOF'\n1d\nw\nEOF", "runs an editor script on x"),
    ("vim -es -c '%s/a/b/' -c wq x", "runs an editor script on x"),
    ("find . -name '*.py' -exec sed -i s/a/b/ {} +", "edits the files it is given in place"),
    ("git ls-files | xargs -I{} sed -i s/a/b/ {}", "in place"),
    ("sh -c \"sed -i 's/a/b/' x\"", "edits x in place"),
    ("patch -p1 < fix.diff", "edits files in place with a patch"),
    ("git apply fix.diff", "edits files in place with a patch"),
    ("git pull", "changes git history"),
    ("git merge feat", "changes git history"),
    ("git cherry-pick abc123", "changes git history"),
    ("git revert --no-edit HEAD", "changes git history"),
    ("git am < fix.patch", "changes git history"),
    # tee and sponge onto an existing file; raw writes, links and installs onto one
    ("echo hi | tee x", "overwrites the existing file x"),
    ("make 2>&1 | tee build/keep.txt", "overwrites the existing file build/keep.txt"),
    ("echo 1 | sudo tee x > /dev/null", "overwrites the existing file x"),
    ("printf 'a\\n' | tee new.txt x", "overwrites the existing file x"),
    ("sort x | sponge x", "overwrites the existing file x"),
    ("dd if=/dev/zero of=x bs=1 count=1", "writes raw data with dd"),
    ("dd if=x of=new.img", "writes raw data with dd"),
    ("install -m 644 a/x x", "overwrites the existing file x"),
    ("ln -sf a/x target", "overwrites the existing file target"),
    ("ln -sfn a target", "overwrites"),
    # interpreter code that writes, deletes or runs commands
    ("python -c \"open('f', 'w').write('x')\"", "overwrites the existing file f"),
    ("python3 -c \"open('x', mode='r+').write('y')\"", "overwrites the existing file x"),
    ("python3 -c \"from pathlib import Path; Path('x').write_text('')\"", "overwrites the existing file x"),
    ("python3 -c \"import pathlib; pathlib.Path('x').open('wb')\"", "overwrites the existing file x"),
    ("python3 -c \"open(input(), 'w')\"", "writes a file the policy cannot name"),
    ("python3 -c \"import sys; open('x', sys.argv[1])\" w", "opens a file in a mode the policy cannot read"),
    ("python3 -c \"import shutil; shutil.copy('a/x', 'x')\"", "overwrites the existing file x"),
    ("python3 -c \"import shutil; shutil.copy('x', 'a')\"", "overwrites the existing file a/x"),
    ("python3 -c \"import os; os.replace('f', 'x')\"", "overwrites the existing file x"),
    ("python3 -c \"import os; os.remove('x')\"", "deletes files"),
    ("python3 -c \"from os import remove as rm; rm('x')\"", "deletes files"),
    ("python3 -c \"import shutil as sh; sh.rmtree('b')\"", "deletes files"),
    ("python3 -c \"import os; os.truncate('x', 0)\"", "deletes files"),
    ("python3 -c \"__import__('os').remove('x')\"", "deletes files"),
    ("python3 -c \"import importlib; importlib.import_module('shutil').rmtree('b')\"", "deletes files"),
    ("python3 -c \"exec(\\\"import os; os.remove('x')\\\")\"", "deletes files"),
    ("ruby -e 'File.open(path, \"w\")'", "writes a file the policy cannot name"),
    ("python -c \"import os; os.system('rm x')\"", "`rm x` deletes files"),
    ("python -c \"import subprocess; subprocess.run(['rm', 'x'])\"", "`rm x` deletes files"),
    ("python -c \"import subprocess; subprocess.check_call('rm -rf build', shell=True)\"", "recursively or by force"),
    ("python -c \"import os, sys; os.system(sys.argv[1])\" 'rm x'", "runs a command the policy cannot read"),
    ("python -c \"import subprocess as sp; sp.Popen(['git', 'reset', '--hard'])\"", "discards uncommitted changes"),
    ("python - <<'EOF'\nwith open('x', 'w') as out:\n    out.write('')\nEOF", "overwrites the existing file x"),
    ("echo \"open('x', 'w')\" | python3", "overwrites the existing file x"),
    ("node -e \"require('fs').writeFileSync('x', 'y')\"", "overwrites the existing file x"),
    ("node -e \"require('fs').unlinkSync('x')\"", "deletes files"),
    ("node -e \"fs.rmSync('b', {recursive: true})\"", "deletes files"),
    ("node -e \"require('child_process').execSync('rm -rf b')\"", "deletes files recursively or by force"),
    ("node -e \"require('child_process').execSync(process.argv[1])\"", "runs a command the policy cannot read"),
    ("node -e \"require('fs').createWriteStream('f')\"", "overwrites the existing file f"),
    ("ruby -e 'File.write(\"x\", \"y\")'", "overwrites the existing file x"),
    ("ruby -e 'File.delete(\"x\")'", "deletes files"),
    ("ruby -e 'system(\"rm x\")'", "`rm x` deletes files"),
    ("ruby -e '`rm x`'", "`rm x` deletes files"),
    ("perl -e 'unlink \"x\"'", "deletes files"),
    ("perl -e 'open(my $f, \">\", \"x\")'", "overwrites the existing file x"),
    ("perl -e 'open(F, \">x\")'", "overwrites the existing file x"),
    ("perl -e 'system \"rm\", \"x\"'", "deletes files"),
    ("php -r 'file_put_contents(\"x\", \"\");'", "overwrites the existing file x"),
    ("php -r 'shell_exec(\"rm x\");'", "`rm x` deletes files"),
    ("sudo -u app python3 -c \"import os; os.unlink('x')\"", "deletes files"),
    ("env -i python3 -c \"import shutil; shutil.rmtree('b')\"", "deletes files"),
    ("ls; python -c \"import os; os.remove('x')\"", "deletes files"),
    # project runners and containers run the command they are given: checked as if typed
    ("uv run python -c \"import shutil; shutil.rmtree('b')\"", "deletes files"),
    ("uv run --with rich rm -rf build", "deletes files recursively or by force"),
    ("poetry run sed -i s/a/b/ x", "edits x in place"),
    ("conda run -n base python -c \"import os; os.remove('x')\"", "deletes files"),
    ("bundle exec ruby -e 'File.delete(\"x\")'", "deletes files"),
    ("direnv exec . rm x", "deletes files"),
    ("docker exec -i db psql -U u app < dump.sql", "in the container: `psql -U u app` runs SQL from stdin"),
    ("python3 -c \"import os; os.open('x', os.O_WRONLY | os.O_TRUNC)\"", "overwrites the existing file x"),
    ("deno eval \"Deno.remove('x')\"", "deletes files"),
    # trash moves
    ("trash x", "moves files to the trash"),
    ("trash-put a/x f", "moves files to the trash"),
    ("trash-empty", "deletes files from the trash for good"),
    ("gio trash x", "moves files to the trash"),
    ("gio trash --empty", "deletes files from the trash for good"),
    ("gio remove x", "deletes files"),
    ("kioclient move x trash:/", "moves files to the trash"),
    ("kioclient5 mv x f trash:/", "moves files to the trash"),
    ("find . -name '*.log' -exec trash {} +", "moves files to the trash"),
    ("ls *.tmp | xargs trash-put", "moves files to the trash"),
]


@pytest.mark.parametrize("command, why", ASKED, ids=[c for c, _ in ASKED])
def test_round2_commands_ask_unattended(command, why, tree):
    decision = unattended(command, tree)
    assert decision.action == "ask", decision
    assert why in decision.reason, decision


STILL_ALLOWED = [
    # SQL the line shows, and read-only database commands
    "psql -c 'select 1'", "psql -d app -c 'select source from t'", "sqlite3 app.db 'select count(*) from t'",
    "echo 'select 1' | sqlite3 app.db", "printf 'select 1;' | psql", "sqlite3 app.db .tables < /dev/null",
    "sqlite3 app.db <<'EOF'\nselect 1;\nEOF", "mysql -e 'SHOW TABLES'", "psql -l", "sqlite3 app.db .schema",
    "cat <<'EOF' | sqlite3 app.db\nselect 1;\nEOF", "grep -n 'DROP' x.sql", "cat x.sql", "wc -l x.sql < x.sql",
    # archives listed, tested, printed, kept, or extracted where nothing exists
    "tar tf clash.tar", "tar -tzvf fresh.tar.gz", "tar --list -f clash.tar", "tar xf fresh.tar.gz",
    "tar -xzf fresh.tar.gz -C empty", "tar -xf clash.tar -C newdir", "tar -xOf clash.tar src/main.py",
    "tar xkf clash.tar", "tar -xf clash.tar --skip-old-files", "tar czf new.tgz src", "tar -cf - src | wc -c",
    "unzip -l clash.zip", "unzip -t clash.zip", "unzip -p clash.zip x | head", "unzip -n clash.zip",
    "unzip fresh.zip", "unzip clash.zip -d fresh-dir", "unzip -o clash.zip -d empty", "unzip -Z clash.zip",
    "7z l data.7z", "7z t data.7z", "7z x -aos data.7z", "7z x data.7z -oempty", "cpio -it < data.cpio",
    "jar tf clash.zip", "zip -r out.zip src",
    # text tools that print, not edit
    "sed -n 's/a/b/p' x", "sed s/a/b/ x > x.new", "sed -e 's/i/j/' x", "sed -E 's/(a)/\\1/' x",
    "perl -ne 'print if /i/' x", "perl -pe 's/a/b/' x", "perl -Mstrict -e 'print 1'", "perl -ne 'print if /exec/' x",
    "perl -e 'print \"system\\n\"'", "ruby -pe 'gsub(/a/, \"b\")' x", "awk '{print $1}' x", "awk -F: '{print $1}' x",
    "gawk -i ./lib.awk '{print}' x", "awk -v inplace=1 '{print}' x", "vim -R x < /dev/null", "ed --version",
    "grep -rn 'sed -i' src", "echo 'sed -i s/a/b/ x'", "patch --dry-run -p1 < fix.diff", "git apply --check fix.diff",
    "git apply --stat fix.diff", "git merge-base main HEAD", "git log --merges", "diff -u x f",
    # tee and sponge onto new files or appending; /dev/null
    "echo hi | tee new.txt", "pytest -q 2>&1 | tee build/test.log", "echo hi | tee -a x", "echo hi | tee --append x",
    "echo hi | tee /dev/null", "echo hi | tee -ia x", "sort x | sponge -a x", "sort x | sponge sorted.txt",
    "git diff | tee review.diff", "make | tee",
    # interpreter one-liners that read, print, append or create
    "python -c \"import sys; print(sys.version)\"", "python3 -c \"print(open('x').read())\"",
    "python3 -c \"print(open('x', 'rb').read())\"", "python3 -c \"import json, sys; print(json.load(sys.stdin))\" < x",
    "python3 -c \"open('new.txt', 'w').write('x')\"", "python3 -c \"open('x', 'a').write('y')\"",
    "python3 -c \"open('fresh.txt', 'x').write('y')\"", "python3 -c \"from pathlib import Path; print(Path('x').read_text())\"",
    "python3 -c \"import os; print(os.listdir('.'))\"", "python3 -c \"import shutil; print(shutil.which('git'))\"",
    "python3 -c \"import subprocess; print(subprocess.run(['git', 'status']).returncode)\"",
    "python3 -c \"import os; os.system('ls -la')\"", "python3 -c \"import shutil; shutil.copy('x', 'copy.txt')\"",
    "python3 -c \"import shutil; shutil.copytree('src', 'src2')\"", "python3 -c \"l = [1]; l.remove(1); print(l)\"",
    "python3 -c \"import sys; sys.stdout.write('hi')\"", "ruby -e 'File.open(path, \"a\") { |f| f.puts 1 }'", "python3 -c \"exec('print(1)')\"", "python -m json.tool x",
    "python3 - <<'EOF'\nprint(open('x').read())\nEOF",
    # the subagent's own read-only checks (data_questions: CSV field counts, JSON Lines)
    "python3 -c 'import csv, sys; rows = csv.reader(open(sys.argv[1], newline=\"\")); print(next(rows))' x",
    "python3 -c 'import json, sys\nfor line in open(sys.argv[1], encoding=\"utf-8\"): json.loads(line)' x", "cat script.py | python3", "python3 < src/main.py",
    "node -e \"console.log(require('fs').readFileSync('x', 'utf8'))\"", "node -e \"require('child_process').execSync('ls')\"",
    "node -e \"require('fs').writeFileSync('out.json', '{}')\"", "node -e \"console.log(`${1 + 1}`)\"",
    "node -p 'process.version'", "ruby -e 'puts File.read(\"x\")'", "ruby -e 'puts `git status`'",
    "perl -e 'open(my $f, \"<\", \"x\"); print <$f>'", "perl -e 'open(F, \">>x\")'", "php -r 'echo file_get_contents(\"x\");'",
    "uv run pytest -q", "poetry run python -m pytest", "uv run python -c 'print(1)'", "hatch run test",
    "pnpm exec vitest run", "docker exec db psql -c 'select 1'", "python3 -c \"import os; print(os.open('x', os.O_RDONLY))\"",
    # the trash looked at, not filled
    "gio info x", "gio list .", "gio trash --list", "kioclient ls trash:/", "ls ~/.local/share/Trash",
]


@pytest.mark.parametrize("command", STILL_ALLOWED)
def test_read_only_look_alikes_stay_allowed_unattended(command, tree):
    decision = unattended(command, tree)
    assert decision.action == "allow", decision


@pytest.mark.parametrize("command", ["python3 -c \"import os; os.system('rm -rf /')\"",
                                     "node -e \"require('child_process').execSync('mkfs.ext4 /dev/sda')\"",
                                     "ruby -e 'system(\"rm -rf ~\")'", "perl -e 'system(\"dd if=/dev/zero of=/dev/sda\")'"])
def test_catastrophic_commands_inside_code_are_denied(command, tree):
    for quiet in (False, True):
        assert decide(command, cwd=tree, mode="auto", unattended=quiet).action == ("deny" if quiet else "allow")


@pytest.mark.parametrize("command", ["uv run rm -rf /", "poetry run rm -rf ~", "conda run -n base sudo rm -rf /",
                                     "pnpm exec sh -c 'mkfs.ext4 /dev/sda'"])
def test_catastrophic_commands_under_project_runners_are_denied(command, tree):
    for quiet in (False, True):
        assert decide(command, cwd=tree, mode="auto", unattended=quiet).action == "deny"


@pytest.mark.parametrize("command", ["psql -f x.sql", "tar xf clash.tar", "sed -i s/a/b/ x", "echo hi | tee x",
                                     "python3 -c \"open('x', 'w')\"", "trash x", "unzip -o clash.zip"])
def test_round2_rules_apply_only_unattended(command, tree):
    # A person's own auto mode keeps deciding these as before.
    assert decide(command, cwd=tree, mode="auto").action == "allow"
    assert unattended(command, tree).action == "ask"


def test_commands_that_code_runs_are_checked_through_further_shells_and_code(tree):
    command = "python3 -c \"import os; os.system('sh -c \\\"perl -e \\\\\\\"unlink q(x)\\\\\\\"\\\"')\""
    decision = unattended(command, tree)
    assert decision.action == "ask" and "deletes files" in decision.reason, (command, decision)


def test_adversarial_lines_are_decided_quickly(tree):
    storms = ["node -e '" + "system(" * 20_000 + "'", "python -c '" + "open('x'," * 10_000 + "'",
              "perl -e '" + "open(F, \">" * 10_000 + "'", "ruby -e '" + "`a" * 20_000 + "'",
              "tar " + "-x " * 20_000, "sed " + "-i " * 20_000 + "x", "tee " + "x " * 5_000,
              "psql " + "-c '\\i' " * 10_000, "python3 -c '" + "(" * 5_000 + "'", "gio " + "trash " * 20_000]
    start = time.process_time()
    for command in storms:
        assert unattended(command, tree).action in ("allow", "ask", "deny")
    assert time.process_time() - start < 10
