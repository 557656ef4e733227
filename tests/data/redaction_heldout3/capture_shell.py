"""Held-out redaction cases, session 6, part 1: real shell / git / pip / npm / curl / http output captured here
with fake credentials (env, bash -x, git remote -v, git diff, pip config list, cat of rc files, curl -v against a
local http.server, its access log, requests+urllib3 debug logging, grep over a source tree). Written before
reading the redaction rules.   Run: .venv/bin/python tests/data/redaction_heldout3/capture_shell.py
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import LOWER, UPPER, R, b64u, hexs, rnd, uuid, write_case  # noqa: E402
from tools import VENV_PY, Scratch, serve  # noqa: E402

G = "heldout-session-6-real"


def main() -> None:
    s = Scratch("shell")

    # 1. env | sort with vendor keys of kinds the older sets lack, and look-alike values that must stay
    rk, twilio, sg = "rk_live_" + rnd(99), hexs(32), "SG." + b64u(22) + "." + b64u(43)
    shop, dd, doppler = "shpat_" + hexs(32), hexs(32), "dp.st.prd." + rnd(43)
    disc = base64.b64encode(str(R.randint(10**17, 10**18)).encode()).decode().rstrip("=") + "." + b64u(6) + "." + b64u(38)
    sha, bid = hexs(40), uuid()
    env = dict(s.env, STRIPE_RESTRICTED_KEY=rk, TWILIO_AUTH_TOKEN=twilio, SENDGRID_API_KEY=sg, SHOPIFY_ADMIN_TOKEN=shop,
               DD_API_KEY=dd, DOPPLER_TOKEN=doppler, DISCORD_BOT_TOKEN=disc, GIT_COMMIT=sha, BUILD_UUID=bid,
               MAX_TOKENS="512", TOKEN_COUNT="42", KEYBOARD_LAYOUT="us", PASSWORD_RESET_URL="https://acme.dev/reset",
               SECRET_SANTA_SCRIPT="scripts/secret_santa.py", TWILIO_ACCOUNT_SID="AC" + hexs(32), NODE_ENV="production")
    out = s.sh("env | sort", env=env)
    write_case("env-sort-vendor-keys", "env | sort", out, [rk, twilio, sg, shop, dd, doppler, disc],
               [f"GIT_COMMIT={sha}", f"BUILD_UUID={bid}", "MAX_TOKENS=512", "TOKEN_COUNT=42", "KEYBOARD_LAYOUT=us",
                "PASSWORD_RESET_URL=https://acme.dev/reset", "scripts/secret_santa.py", "NODE_ENV=production"], G)

    # 2. bash -x of a deploy script: exported secrets, a bearer header, mysql -p<pw>, docker login --password-stdin
    regtok, api, mypw = "ghp_" + rnd(36), b64u(40), rnd(14) + "!"
    s.write("deploy.sh", f"""set -x
docker() {{ echo "Login Succeeded"; }}
curl() {{ echo '{{"deployed": true}}'; }}
mysql() {{ echo "mysql: [Warning] Using a password on the command line interface can be insecure."; }}
export REGISTRY_TOKEN={regtok}
export API_TOKEN='{api}'
echo "$REGISTRY_TOKEN" | docker login ghcr.io -u ci-bot --password-stdin
curl -fsS -X POST -H "Authorization: Bearer $API_TOKEN" https://api.acme.dev/v2/deploy
mysql -u app -p'{mypw}' -h db.internal -e 'SELECT 1'
""")
    out = s.sh("bash deploy.sh 2>&1")
    write_case("bash-xtrace-deploy", "bash deploy.sh", out, [regtok, api, mypw],
               ["--password-stdin", "Login Succeeded", "https://api.acme.dev/v2/deploy", "-u app", "db.internal",
                "Using a password on the command line"], G)

    # 3. git remote -v with tokens of several forges in URLs, plus the log's commit ids
    ghs, bb, glc, gpw = "ghs_" + rnd(36), "ATBB" + rnd(28) + hexs(8).upper(), "glcbt-" + b64u(20), rnd(10) + "#2026"
    s.sh("git init -q -b main . && git -c user.name=Dev -c user.email=dev@acme.dev commit -q --allow-empty -m init && "
         "git -c user.name=Dev -c user.email=dev@acme.dev commit -q --allow-empty -m 'fix: token refresh'")
    s.sh(f"git remote add origin https://x-access-token:{ghs}@github.com/acme/app.git && "
         f"git remote add bb https://ci-acme:{bb}@bitbucket.org/acme/app.git && "
         f"git remote add gl https://gitlab-ci-token:{glc}@gitlab.com/acme/app.git && "
         f"git remote add internal 'https://dana:{gpw}@git.acme.internal/scm/app.git' && "
         "git remote add upstream git@github.com:upstream/app.git")
    out = s.sh("git remote -v && git log --format='%H %s'")
    shas = [ln.split()[0] for ln in out.splitlines() if len(ln.split()[0]) == 40]
    write_case("git-remote-v-forge-tokens", "git remote -v && git log --format='%H %s'", out, [ghs, bb, glc, gpw],
               shas + ["git@github.com:upstream/app.git", "github.com/acme/app.git", "bitbucket.org/acme/app.git",
                       "fix: token refresh"], G)

    # 4. pip config list: credentials inside index URLs (a CodeArtifact token, a Nexus password)
    ca, nx = "eyJ2ZXIiOjEsImlzdSI6MTc" + b64u(400), rnd(20)
    (s.home / ".config" / "pip").mkdir(parents=True)
    (s.home / ".config" / "pip" / "pip.conf").write_text(
        f"[global]\nindex-url = https://aws:{ca}@acme-111122223333.d.codeartifact.eu-west-1.amazonaws.com/pypi/py/simple/\n"
        f"extra-index-url = https://deploy:{nx}@nexus.acme.dev/repository/pypi-internal/simple\n"
        "trusted-host = nexus.acme.dev\ntimeout = 60\n[install]\nrequire-hashes = true\n")
    out = s.sh(f"{VENV_PY} -m pip config list")
    write_case("pip-config-list-index-creds", "pip config list", out, [ca, nx],
               ["global.trusted-host='nexus.acme.dev'", "nexus.acme.dev/repository/pypi-internal/simple",
                "codeartifact.eu-west-1.amazonaws.com", "install.require-hashes='true'"], G)

    # 5. cat ~/.npmrc ~/.yarnrc.yml: _auth (base64 user:pass), _password (base64), _authToken, yarn npmAuthToken
    npmpw, npmt, yt = rnd(16), "npm_" + rnd(36), hexs(8) + "-" + hexs(4) + "-" + hexs(4) + "-" + hexs(4) + "-" + hexs(12)
    auth = base64.b64encode(f"deploy:{npmpw}".encode()).decode()
    pw64 = base64.b64encode(rnd(18).encode()).decode()
    (s.home / ".npmrc").write_text(f"registry=https://registry.npmjs.org/\n//npm.acme.dev/:_auth={auth}\n"
                                   f"//npm.acme.dev/:username=deploy\n//nexus.acme.dev/repository/npm/:_password={pw64}\n"
                                   f"//registry.npmjs.org/:_authToken={npmt}\nalways-auth=true\nsave-exact=true\n")
    (s.home / ".yarnrc.yml").write_text('npmRegistryServer: "https://npm.acme.dev"\nnpmScopes:\n  acme:\n'
                                        f'    npmAlwaysAuth: true\n    npmAuthToken: "{yt}"\nnodeLinker: node-modules\n')
    out = s.sh("cat ~/.npmrc ~/.yarnrc.yml")
    write_case("cat-npmrc-yarnrc", "cat ~/.npmrc ~/.yarnrc.yml", out, [auth, pw64, npmt, yt],
               ["always-auth=true", "//npm.acme.dev/:username=deploy", "nodeLinker: node-modules",
                'npmRegistryServer: "https://npm.acme.dev"'], G)

    # 6. cat ~/.pypirc: an upload token and a letters-only password
    pypi = "pypi-AgEIcHlwaS5vcmc" + b64u(160)
    word = R.choice(["swordfish", "marmalade", "pennywhistle", "gooseberry"])
    (s.home / ".pypirc").write_text(f"[distutils]\nindex-servers =\n    pypi\n    testpypi\n\n[pypi]\nusername = __token__\n"
                                    f"password = {pypi}\n\n[testpypi]\nrepository = https://test.pypi.org/legacy/\n"
                                    f"username = dana\npassword = {word}\n")
    out = s.sh("cat ~/.pypirc")
    write_case("cat-pypirc-word-password", "cat ~/.pypirc", out, [pypi, word],
               ["username = __token__", "username = dana", "https://test.pypi.org/legacy/", "index-servers"], G)

    # 7. an indented `token = word` block with no section header (sed prints a slice of an ini file)
    tword = R.choice(["mossyharbor", "quietriver", "copperkettle"]) 
    s.write("hub.ini", f"[core]\n    editor = vim\n[github \"acme\"]\n    user = dana-ci\n    token = {tword}\n"
                       "    host = github.acme.dev\n    protocol = https\n")
    out = s.sh("sed -n '/user =/,/host =/p' hub.ini")
    write_case("sed-indented-token-word", "sed -n '/user =/,/host =/p' ~/.config/hub.ini", out, [tword],
               ["user = dana-ci", "host = github.acme.dev"], G)

    # 8. grep over a source tree: short quoted credentials in code next to constants that only look like them
    k1, k2, k3 = R.choice(["letmein", "opensesame"]), R.choice(["tulipfield", "bananabread"]), rnd(12)
    s.write("src/settings.py", f'DEBUG = False\nAPI_KEY = "{k1}"\nAPI_KEY_HEADER = "X-Api-Key"\n'
                               'TOKEN_URL = "https://oauth2.googleapis.com/token"\nPASSWORD_MIN_LENGTH = 12\n')
    s.write("src/db.py", f"def connect():\n    return Pool(host='db', user='app', password='{k2}', max_tokens=512)\n")
    s.write("src/keys.py", "KEY_UP = 0x26\nKEY_DOWN = 0x28\nkeyboard = Keyboard(layout='us')\n")
    s.write("src/jobs.py", f"SECRET_SANTA_FILE = 'secret_santa.py'\nclient = Client(token=\"{k3}\")\n")
    out = s.sh("grep -rnE 'KEY|key|TOKEN|token|PASSWORD|password|SECRET' src | sort")
    write_case("grep-code-short-credentials", "grep -rnE 'KEY|key|TOKEN|token|PASSWORD|password|SECRET' src", out,
               [k1, k2, k3], ['API_KEY_HEADER = "X-Api-Key"', 'TOKEN_URL = "https://oauth2.googleapis.com/token"',
                              "PASSWORD_MIN_LENGTH = 12", "KEY_UP = 0x26", "keyboard = Keyboard(layout='us')",
                              "max_tokens=512", "'secret_santa.py'"], G)

    # 9. git diff adding a key and a keyword-argument password, removing an old token
    old, sk, kw = rnd(32), "sk_test_" + rnd(24), R.choice(["hollyhock", "riverstone"]) + str(R.randint(10, 99))
    s.write("app/config.py", f'TIMEOUT = 30\ntoken = "{old}"\n')
    s.sh("git add app && git -c user.name=Dev -c user.email=dev@acme.dev commit -q -m cfg")
    s.write("app/config.py", f'TIMEOUT = 30\nSTRIPE_KEY = "{sk}"\nsession = login(user="svc", password="{kw}")\n')
    out = s.sh("git diff")
    idx = next(ln for ln in out.splitlines() if ln.startswith("index "))
    write_case("git-diff-added-secrets", "git diff", out, [old, sk, kw], [idx, "TIMEOUT = 30", 'user="svc"'], G)

    # 10. curl -v: Authorization token header, X-Api-Key, cookies; the response's Set-Cookie, ETag and request id
    gh, xk, sess, csrf, rsess = "ghp_" + rnd(36), hexs(40), rnd(32), rnd(32), b64u(43)
    etag, rid = hexs(40), uuid()
    srv = serve([("Set-Cookie", f"__Host-session={rsess}; Path=/; Secure; HttpOnly"), ("ETag", f'"{etag}"'),
                 ("X-Request-Id", rid)])
    port = srv.server_address[1]
    out = s.sh(f"curl -sv -H 'Authorization: token {gh}' -H 'X-Api-Key: {xk}' "
               f"-H 'Cookie: sessionid={sess}; csrftoken={csrf}; theme=dark' http://127.0.0.1:{port}/api/v1/repos 2>&1")
    out = out.replace(str(port), "8080")
    write_case("curl-verbose-token-cookies", "curl -sv -H \"Authorization: token $GH_TOKEN\" -H \"X-Api-Key: $KEY\" "
               "-b cookies.txt http://127.0.0.1:8080/api/v1/repos", out, [gh, xk, sess, csrf, rsess],
               [etag, rid, "theme=dark", "HTTP/1.1 200 OK", "/api/v1/repos"], G)

    # 11. the http.server access log of OAuth callbacks, presigned S3 / SAS downloads and api_key query strings
    code, akid, sig, sas, qk = b64u(43), "AKIA" + rnd(16, UPPER + "234567"), hexs(64), b64u(43) + "%3D", rnd(32, LOWER + "0123456789")
    urls = [f"/oauth/callback?code={code}&state=xyz123",
            f"/exports/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={akid}%2F20261126%2Feu-west-1%2Fs3%2F"
            f"aws4_request&X-Amz-Date=20261126T031407Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}",
            f"/blob/backup.tar?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-11-27T00:00:00Z&sig={sas}",
            f"/v1/search?q=ledger&api_key={qk}&page=2"]
    for u in urls:
        s.sh(f"curl -s -o /dev/null 'http://127.0.0.1:{port}{u}'")
    out = "\n".join(srv.log_lines) + "\n"
    write_case("http-server-access-log-query-secrets", "python -m http.server 8080  # access log", out,
               [code, akid[4:], sig, sas[:-3], qk], ["state=xyz123", "X-Amz-Date=20261126T031407Z", "page=2",
                                                  "sv=2022-11-02", '"GET /v1/search?q=ledger']
               , G)

    # 12. requests + urllib3 DEBUG logging: access_token in the query string and a basic-auth URL
    at, bpw = "ya29." + b64u(150), rnd(18)
    s.write("probe.py", "import logging, requests, sys\nlogging.basicConfig(level=logging.DEBUG)\n"
                        f"p = {port}\n"
                        f"requests.get(f'http://127.0.0.1:{{p}}/userinfo', params={{'access_token': '{at}', 'alt': 'json'}})\n"
                        f"r = requests.get(f'http://svc:{bpw}@127.0.0.1:{{p}}/metrics')\nprint(r.status_code, r.request.headers)\n")
    out = s.sh(f"{VENV_PY} probe.py").replace(str(port), "8080")
    bh = base64.b64encode(f"svc:{bpw}".encode()).decode()
    write_case("requests-urllib3-debug-log", "python probe.py", out, [at, bh],
               ["Starting new HTTP connection (1): 127.0.0.1:8080", "alt=json", '"GET /metrics HTTP/1.1" 200']
               , G)
    srv.shutdown()


if __name__ == "__main__":
    main()
