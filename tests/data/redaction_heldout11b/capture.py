"""Second held-out set of session 14 (11b), written after round 11's fixes and before the redactor ran on it: tokens
folded at widths no set used (22, 26, 35), secrets under echoed commands (a `user@host:~$ cat` prompt, make's echo of a
`cat`), printenv of mixed names, one line of an OpenSSH ed25519 key; look-alikes: npm integrity and pip hashes folded
under 40 columns, an OpenSSH signature's lines, `ssh-keygen -e`, echoed commands that read no secret, printenv of
public names.  Run: .venv/bin/python tests/data/redaction_heldout11b/capture.py
"""

from __future__ import annotations

import hashlib
import json
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (R, Scratch, b64, glpat, hexs, jwt, password, rnd, stripe_secret, uuid,  # noqa: E402
                    visible_pieces, write_case)

G = "heldout-session-14b"


def cases(s: Scratch) -> None:
    sk = stripe_secret()
    s.write("pay.env", f"PAYMENTS_MODE=live\nSTRIPE_SECRET_KEY={sk}\nCURRENCY=eur\n")
    out = s.sh("fold -w 22 pay.env")
    write_case("fold-w22-env-stripe", "fold -w 22 pay.env", out, visible_pieces(sk[8:], out),
               ["PAYMENTS_MODE=live", "CURRENCY=eur"], G)
    tok = jwt({"sub": "svc-ledger", "aud": "ledger.acme.dev", "iat": 1795200000})
    s.write("gw.log", f"2026-11-27 04:01:09 gateway forwarded Authorization: Bearer {tok} upstream=ledger\n")
    out = s.sh("fold -w 26 gw.log")
    write_case("fold-w26-log-bearer-jwt", "tail -n 1 gw.log | fold -w 26", out,
               visible_pieces(tok.split(".", 1)[1], out), ["2026-11-27 04:01:09"], G)
    gl = glpat()
    s.write("note.txt", f"Rotate the CI token before Monday; the current one is {gl} and it expires soon.\n")
    out = s.sh("fold -s -w 35 note.txt")
    write_case("fold-s-w35-prose-glpat", "fold -s -w 35 note.txt", out, visible_pieces(gl[6:], out, least=8),
               ["Rotate the CI token before"], G)
    lock = {"packages": {"node_modules/left-pad": {"version": "1.3.0", "integrity": "sha512-" + b64(
        hashlib.sha512(b"left-pad").hexdigest()[:64])}}}
    s.write("lock.json", json.dumps(lock, indent=2) + "\n")
    pipreq = f"requests==2.32.3 --hash=sha256:{hashlib.sha256(b'requests').hexdigest()}\n"
    s.write("req.txt", pipreq)
    out = s.sh("fold -w 30 lock.json; fold -w 25 req.txt")
    write_case("neg-fold-w30-integrity-pip-hash", "fold -w 30 package-lock.json; fold -w 25 requirements.txt", out, [],
               out.splitlines(), G)
    secret = rnd(22, string.ascii_letters)
    s.write(".config/app/secret_key", secret + "\n")
    out = s.sh("echo 'dev@build01:~/src/app$ cat .config/app/secret_key'; cat .config/app/secret_key; "
               "echo 'dev@build01:~/src/app$ cat VERSION'; echo releasecandidate")
    write_case("prompt-cat-secret-key-letters", "script -q -c 'bash -i' typescript; cat typescript", out, [secret],
               ["releasecandidate"], G)
    pw = rnd(18, string.ascii_lowercase)
    s.write(".secrets/api_password", pw + "\n")
    s.write("Makefile", "show:\n\tcat .secrets/api_password\n\techo finished\n")
    out = s.sh("make show")
    write_case("make-echo-cat-api-password", "make show", out, [pw], ["echo finished", "finished"], G)
    tok2, sha = rnd(40, string.ascii_letters + string.digits), hexs(40)
    env = {**s.env, "NPM_TOKEN": tok2, "NODE_ENV": "production", "GIT_COMMIT": sha}
    out = s.sh("printenv NODE_ENV NPM_TOKEN GIT_COMMIT", env=env)
    write_case("printenv-node-env-npm-token-commit", "printenv NODE_ENV NPM_TOKEN GIT_COMMIT", out, [tok2],
               ["production", sha], G)
    s.sh("mkdir -p keep && ssh-keygen -q -t ed25519 -N '' -C ci@acme.dev -f keep/state")
    out = s.sh("sed -n 3p keep/state")
    write_case("sed-one-line-openssh-ed25519", "sed -n 3p keep/state", out, out.splitlines(), [], G)
    s.write("release.txt", "v1.4.2 " + uuid() + "\n")
    s.sh("ssh-keygen -q -Y sign -f keep/state -n file release.txt")
    out = s.sh("sed -n 2,3p release.txt.sig; ssh-keygen -e -f keep/state.pub")
    write_case("neg-ssh-signature-lines-rfc4716", "sed -n 2,3p release.txt.sig; ssh-keygen -e -f keep/state.pub", out,
               [], out.splitlines(), G)
    out = s.sh("echo '$ cat README.md | head -n 1'; echo Installation; echo '$ printenv HOME'; echo /home/dev; "
               "echo '$ cat .env.example'; printf 'API_KEY=changeme\\n'; echo '$ git rev-parse HEAD'; echo " + hexs(40))
    write_case("neg-echoed-commands-reading-no-secret", "./scripts/context.sh", out, [], out.splitlines(), G)
    env = {**s.env, "BUILD_URL": "https://ci.acme.dev/job/app/812/", "RUNNER_ID": uuid()}
    out = s.sh("printenv HOME BUILD_URL RUNNER_ID", env=env)
    write_case("neg-printenv-public-names-url-uuid", "printenv HOME BUILD_URL RUNNER_ID", out, [], out.splitlines(), G)
    pw2 = password() + rnd(3)
    out = s.sh(f"printf 'salt=%s\\nkey=%s\\niv =%s\\n' {hexs(16).upper()} {hexs(32).upper()} {hexs(32).upper()}")
    key = out.splitlines()[1].split("=", 1)[1]
    out2 = s.sh(f"openssl enc -aes-128-cbc -pbkdf2 -p -pass pass:{pw2} -in /dev/null -out /dev/null")
    k2 = next(ln.split("=", 1)[1] for ln in out2.splitlines() if ln.startswith("key"))
    write_case("openssl-enc-p-aes128-key", "openssl enc -aes-128-cbc -pbkdf2 -p -pass env:P -in x -out x.enc", out2, [k2],
               ["salt="], G)
    del key


if __name__ == "__main__":
    cases(Scratch("h11b"))
    print("ok")
