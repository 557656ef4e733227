"""Second held-out set of session 13 (10b), written after round 10's fixes and before the redactor ran on it: tokens cut
by `fold` at widths no earlier set used (60, 84, 110), a one-case `pass show` password, .netrc and a git remote URL
with a GitLab token; look-alikes: base64 text and checksums folded at 76, long log lines ending in ids above words.
Run: .venv/bin/python tests/data/redaction_heldout10b/capture.py
"""

from __future__ import annotations

import json
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (R, Scratch, anthropic_key, b64, glpat, gpg_env, hexs, hf_token, rnd, stripe_secret,  # noqa: E402
                    uuid, visible_pieces, write_case)

G = "heldout-session-13b"


def cases(s: Scratch) -> None:
    ak = anthropic_key()
    s.write("agent.env", f"MODEL=claude-sonnet\nANTHROPIC_API_KEY={ak}\nMAX_TOKENS=4096\n")
    out = s.sh("fold -w 84 agent.env")
    write_case("fold-w84-env-anthropic-key", "fold -w 84 agent.env", out, visible_pieces(ak[len("sk-ant-api03-"):], out),
               ["MODEL=claude-sonnet", "MAX_TOKENS=4096"], G)
    sk = stripe_secret()
    s.write("pay.log", f"2026-11-27T02:01:44Z WARN payments retrying charge order={uuid()} with key={sk} attempt=2\n")
    out = s.sh("fold -w 110 pay.log")
    write_case("fold-w110-log-stripe-key", "journalctl -u payments -n 1 | fold -w 110", out, visible_pieces(sk[8:], out),
               ["WARN payments retrying charge order="], G)
    hf = hf_token()
    s.write("cfg.json", json.dumps({"hub": {"hf_token": hf, "cache_dir": "/srv/hf"}}, indent=2) + "\n")
    out = s.sh("fold -w 30 cfg.json")
    write_case("fold-w30-json-hf-token", "fold -w 30 cfg.json", out, visible_pieces(hf[3:], out, least=12),
               ['"cache_dir": "/srv/hf"'], G)
    env = gpg_env(s)
    env["PASSWORD_STORE_DIR"] = str(s.tmp / "store")
    s.sh("gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key ops@acme.dev default default never", env=env)
    s.sh("pass init ops@acme.dev", env=env)
    pw = rnd(20, string.ascii_lowercase + string.digits)
    s.sh("pass insert -m vpn/office", stdin=f"{pw}\nusername: jdoe\ngroup: staff\n", env=env)
    out = s.sh("pass show vpn/office", env=env)
    write_case("pass-show-vpn-lower-digits", "pass show vpn/office", out, [pw], ["username: jdoe", "group: staff"], G)
    npw = rnd(14) + "-" + rnd(6)
    s.write(".netrc", f"machine api.heroku.com\n  login ops@acme.dev\n  password {npw}\nmachine git.acme.dev\n  login ci\n")
    out = s.sh("cat .netrc")
    write_case("cat-netrc-heroku", "cat ~/.netrc", out, [npw], ["machine api.heroku.com", "login ops@acme.dev"], G)
    gl = glpat()
    s.sh(f"git init -q r && cd r && git remote add origin https://oauth2:{gl}@gitlab.acme.dev/ops/infra.git")
    out = s.sh("git config --get remote.origin.url; git remote show -n origin | head -3", cwd=s.work / "r")
    write_case("git-config-get-remote-glpat", "git config --get remote.origin.url; git remote show -n origin | head -3",
               out, [gl], ["gitlab.acme.dev/ops/infra.git"], G)
    text = b64(("The build farm queue is shared; please keep jobs under an hour. " * 3).strip())
    sums = [hexs(64) for _ in range(2)]
    s.write("motd.b64", text + "\n" + "\n".join(f"{h}  artifact-{i}.tar.gz" for i, h in enumerate(sums)) + "\n")
    out = s.sh("fold -w 76 motd.b64")
    write_case("neg-fold-w76-base64-text-checksums", "fold -w 76 motd.b64", out, [],
               [ln for ln in out.splitlines()], G)
    lines = [f"2026-11-27T02:0{i}:00Z INFO request finished path=/api/v2/items trace={hexs(16)}x{R.randint(1, 9)}Q"
             for i in range(3)]
    body = "\n".join(f"{ln}\n{w}" for ln, w in zip(lines, ["Completed in 41ms", "ReadTimeout retried once",
                                                         "UserAgent python-httpx/0.27"]))
    s.write("req.log", body + "\n")
    out = s.sh("cat req.log")
    write_case("neg-log-lines-ending-in-ids-above-words", "tail -n 6 req.log", out, [], out.splitlines(), G)


if __name__ == "__main__":
    R.seed(13_2)
    cases(Scratch("h10b"))
    print("ok")
