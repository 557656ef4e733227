"""Held-out redaction cases, session 10, part 1: credentials as real tools and runtimes print them — env and bash -x
exports of AI-vendor keys, git's curl trace and GIT_TRACE of a clone, actions/checkout's extraheader, curl -v with -u
and cookies, http.client debug from requests, kubectl config view --raw -o json, docker config.json, .npmrc and
.yarnrc.yml, poetry's auth.toml, aws configure get, JSON and node logs with JWTs, an appsettings.json of connection
strings, node and Python stack traces with DSNs, Terraform state and outputs, a workflow file, .env files, docker run/login
and pg_dump under bash -x, kubectl's docker-registry and tls secrets, an npm script, Hugging Face token files.
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout7/capture_creds.py
"""

from __future__ import annotations

import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (  # noqa: E402
    ALNUM, R, Scratch, anthropic_key, aws_pair, b64, ghp, github_pat, glpat, hf_token, jwt, openai_key, password, rnd,
    slack_bot, stripe_secret, uuid, write_case,
)

G = "heldout-session-10-creds"


class _Basic(BaseHTTPRequestHandler):
    """401 with a Basic challenge until a request carries Authorization, then 200 (so that clients send it)."""
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802
        if "Authorization" not in self.headers:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="acme"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"ok\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        if self.server.cookie:
            self.send_header("Set-Cookie", f"sessionid={self.server.cookie}; HttpOnly; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def basic_server(cookie: str = "") -> HTTPServer:
    srv = HTTPServer(("127.0.0.1", 0), _Basic)
    srv.cookie = cookie
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def shells_and_vcs(s: Scratch) -> None:
    # 1. env filtered for a dev box's AI keys, next to model names, paths and a seed
    env = {**s.env, "OPENAI_API_KEY": openai_key(), "ANTHROPIC_API_KEY": anthropic_key(), "HF_TOKEN": hf_token(),
           "OPENAI_MODEL": "gpt-4o-mini", "HF_HOME": "/data/hf", "PYTHONHASHSEED": "0", "WANDB_MODE": "offline"}
    out = s.sh("env | grep -E '^(OPENAI|ANTHROPIC|HF|WANDB|PYTHON)' | sort", env=env)
    write_case("env-grep-ai-vendor-keys", "env | grep -E '^(OPENAI|ANTHROPIC|HF|WANDB|PYTHON)' | sort", out,
               [env["OPENAI_API_KEY"], env["ANTHROPIC_API_KEY"], env["HF_TOKEN"]],
               ["OPENAI_MODEL=gpt-4o-mini", "HF_HOME=/data/hf", "PYTHONHASHSEED=0", "WANDB_MODE=offline"], G)

    # 2. bash -x of a script that exports keys and hands one to curl
    ok, sk, sl = openai_key(), stripe_secret(), slack_bot()
    s.write("setup.sh", f"set -x\nexport OPENAI_API_KEY='{ok}'\nexport STRIPE_API_KEY={sk}\nSLACK_TOKEN=\"{sl}\"\n"
            "curl -s --max-time 1 -H \"Authorization: Bearer $OPENAI_API_KEY\" http://127.0.0.1:1/v1/models || "
            "echo 'models: unreachable'\nexport REGION=eu-west-1\n")
    out = s.sh("bash setup.sh 2>&1")
    write_case("bash-x-export-ai-stripe-slack", "bash -x scripts/setup.sh", out, [ok, sk, sl],
               ["export REGION=eu-west-1", "models: unreachable", "http://127.0.0.1:1/v1/models"], G)

    # 3. git's curl trace with redaction turned off, against a server that asks for Basic auth
    srv = basic_server()
    tok = ghp()
    s.sh("git init -q --bare served.git")
    out = s.sh(f"GIT_TRACE_CURL=1 GIT_TRACE_CURL_NO_DATA=1 GIT_TRACE_REDACT=0 GIT_TERMINAL_PROMPT=0 git ls-remote "
               f"http://ci-bot:{tok}@127.0.0.1:{srv.server_port}/acme/served.git 2>&1").replace(str(srv.server_port), "8080")
    srv.shutdown()
    write_case("git-trace-curl-basic-auth", "GIT_TRACE_CURL=1 GIT_TRACE_REDACT=0 git ls-remote "
               "http://ci-bot:$TOKEN@127.0.0.1:8080/acme/served.git", out, [tok, b64(f"ci-bot:{tok}")],
               ["GET /acme/served.git/info/refs", "HTTP/1.1 401 Unauthorized", "Issue another request to this URL", "Host: 127.0.0.1:8080"], G)

    # 4. GIT_TRACE of a clone: the remote helper's command line carries the URL with its token
    gt = glpat()
    out = s.sh(f"GIT_TRACE=1 GIT_TERMINAL_PROMPT=0 git clone https://oauth2:{gt}@127.0.0.1:1/acme/infra.git 2>&1")
    write_case("git-trace-clone-token-url", "GIT_TRACE=1 git clone https://oauth2:$GL_TOKEN@127.0.0.1:1/acme/infra.git",
               out, [gt], ["Cloning into 'infra'", "127.0.0.1:1/acme/infra.git", "git-remote-https"], G)

    # 5. actions/checkout's extraheader and a token remote, beside the log's SHAs
    t5, t6 = "ghs_" + rnd(36), github_pat()
    hdr = b64(f"x-access-token:{t5}")
    s.sh("git init -q ck && cd ck && git remote add origin https://github.com/acme/web.git && "
         f"git config http.https://github.com/.extraheader 'AUTHORIZATION: basic {hdr}' && "
         f"git remote add fork https://acme-bot:{t6}@github.com/acme-bot/web.git && echo x > x && git add x && "
         "git -c user.name=ci -c user.email=ci@acme.dev commit -qm 'first' && echo y > y && git add y && "
         "git -c user.name=ci -c user.email=ci@acme.dev commit -qm 'second'")
    out = s.sh("cd ck && git config --local --list && git remote -v && git log --format='%H %s'")
    shas = [ln.split()[0] for ln in out.splitlines() if ln.endswith((" first", " second"))]
    write_case("git-config-extraheader-remotes-shas", "git config --local --list && git remote -v && git log --format='%H %s'",
               out, [hdr, t6], ["remote.origin.url=https://github.com/acme/web.git", "core.bare=false", shas[0], shas[1],
                                    "github.com/acme-bot/web.git (fetch)"], G)


def http_clients(s: Scratch) -> None:
    # 6. curl -v with -u and a cookie; the server sets a session cookie
    cookie = rnd(40, ALNUM + "-_")
    srv = basic_server(cookie)
    pw, sess = password(), rnd(32, "0123456789abcdef")
    out = s.sh(f"curl -sv -u 'deploy:{pw}' -b 'session={sess}; theme=dark' http://127.0.0.1:{srv.server_port}/admin/ 2>&1")
    srv.shutdown()
    out = out.replace(str(srv.server_port), "8080")
    write_case("curl-v-basic-user-cookie-set-cookie", "curl -sv -u deploy:*** -b 'session=…; theme=dark' http://127.0.0.1:8080/admin/",
               out, [b64(f"deploy:{pw}"), sess, cookie], ["GET /admin/ HTTP/1.1", "HTTP/1.1 200 OK", "theme=dark", "HttpOnly"], G)

    # 7. requests with http.client's debug output: the headers as sent
    srv = basic_server()
    gk, ak = ghp(), rnd(32, "0123456789abcdef")
    s.write("probe.py", "import http.client, requests, sys\nhttp.client.HTTPConnection.debuglevel = 1\n"
            f"r = requests.get(sys.argv[1], headers={{'Authorization': 'token {gk}', 'X-Api-Key': '{ak}'}}, timeout=3)\n"
            "print('status', r.status_code)\n")
    out = s.sh(f"{sys.executable} probe.py http://127.0.0.1:{srv.server_port}/repos/acme/web").replace(str(srv.server_port), "8080")
    srv.shutdown()
    write_case("requests-http-client-debug-headers", "python3 tools/probe.py http://127.0.0.1:8080/repos/acme/web", out,
               [gk, ak], ["status 200", "GET /repos/acme/web HTTP/1.1", "Host: 127.0.0.1:8080"], G)

    # 8. a JSON-logging service: tokens in the records, an OAuth callback's code in an access log
    at = jwt({"sub": uuid(), "scope": "read write", "exp": 1795000000}, alg="RS256")
    rt, code = rnd(48, ALNUM + "-_"), rnd(30, ALNUM)
    s.write("svc.py", "import json, logging, sys\nlogging.basicConfig(stream=sys.stdout, format='%(message)s', level=logging.INFO)\n"
            "log = logging.getLogger('auth')\n"
            f"log.info(json.dumps({{'event': 'token_issued', 'user': 'u-1042', 'access_token': '{at}', "
            f"'refresh_token': '{rt}', 'expires_in': 3600}}))\n"
            f"log.info('127.0.0.1:51514 - \"GET /oauth/callback?code={code}&state=xyz123 HTTP/1.1\" 302')\n"
            f"log.info(json.dumps({{'event': 'upstream', 'headers': {{'authorization': 'Bearer {at}', 'accept': 'application/json'}}}}))\n")
    out = s.sh(f"{sys.executable} svc.py")
    write_case("json-logs-jwt-refresh-oauth-code", "python3 -m acme.auth.service", out, [at, rt, code],
               ['"event": "token_issued"', '"expires_in": 3600', "state=xyz123", "302", '"accept": "application/json"'], G)

    # 9. node printing an object with headers (util.inspect) and a thrown error whose source line holds a Mongo URL
    nt, mp = jwt({"sub": "svc-billing", "n": rnd(10)}), password()
    s.write("app.js", f"const token = '{nt}';\nconsole.log('calling billing', {{ headers: {{ authorization: `Bearer ${{token}}`, "
            "'x-request-id': 'req-77' }, retries: 2 });\n"
            f"const url = new URL('mongodb://billing:{mp}@127.0.0.1:1/billing?authSource=admin');\n"
            "throw new Error(`connect ECONNREFUSED 127.0.0.1:1 (${url.href})`);\n")
    out = s.sh("node app.js 2>&1").replace(str(s.work), "/srv/app")
    write_case("node-inspect-headers-error-mongo-url", "node app.js", out, [nt, mp],
               ["calling billing", "'x-request-id': 'req-77'", "retries: 2", "ECONNREFUSED 127.0.0.1:1", "authSource=admin",
                "Node.js v"], G)

    # 10. a Python traceback whose source line and message hold a Postgres DSN
    dp = password()
    s.write("migrate.py", "def connect(dsn):\n    raise ConnectionRefusedError(f'could not connect to {dsn}')\n\n"
            f"engine = connect('postgresql+psycopg://migrator:{dp}@db.acme.internal:5432/orders')\n")
    out = s.sh(f"{sys.executable} migrate.py")
    write_case("python-traceback-postgres-dsn", "python3 migrate.py", out, [dp],
               ["Traceback (most recent call last):", "ConnectionRefusedError", "db.acme.internal:5432/orders", "migrator"], G)


def configs(s: Scratch) -> None:
    # 11. kubectl config view --raw -o json: a token, an embedded client key, a password; the CA stays
    s.sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 30 "
         "-subj /CN=kube-ca 2>/dev/null && openssl genpkey -algorithm ed25519 -out dev.key 2>/dev/null")
    kt, kp = jwt({"iss": "kubernetes/serviceaccount", "sub": "system:serviceaccount:ci:bot", "n": rnd(8)}, "RS256"), rnd(20)
    kc = "--kubeconfig kc.yaml"
    s.sh(f"kubectl config {kc} set-cluster staging --server=https://10.30.0.1:6443 --certificate-authority=ca.crt --embed-certs && "
         f"kubectl config {kc} set-credentials bot --token={kt} && kubectl config {kc} set-credentials dev "
         f"--client-certificate=ca.crt --client-key=dev.key --embed-certs && kubectl config {kc} set-credentials basic "
         f"--username=ops --password={kp} && kubectl config {kc} set-context staging --cluster=staging --user=bot && "
         f"kubectl config {kc} use-context staging")
    out = s.sh(f"kubectl config view --raw -o json {kc}")
    key_b64 = base64.b64encode((s.work / "dev.key").read_bytes()).decode()
    ca_b64 = base64.b64encode((s.work / "ca.crt").read_bytes()).decode()
    write_case("kubectl-config-view-raw-json", "kubectl config view --raw -o json", out, [kt, key_b64[40:-40], kp],
               ['"server": "https://10.30.0.1:6443"', '"current-context": "staging"', '"username": "ops"', ca_b64[100:160]], G)

    # 12. docker's config.json: a basic auth, an identity token, credential helpers
    da, it = b64(f"acme-bot:{ghp()}"), jwt({"sub": "acme-bot", "aud": "registry.acme.dev", "n": rnd(8)})
    cfg = {"auths": {"ghcr.io": {"auth": da}, "registry.acme.dev": {"identitytoken": it}},
           "credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}, "currentContext": "default"}
    (s.home / ".docker").mkdir()
    (s.home / ".docker/config.json").write_text(json.dumps(cfg, indent="\t") + "\n")
    out = s.sh("jq . ~/.docker/config.json")
    write_case("jq-docker-config-auths-identitytoken", "jq . ~/.docker/config.json", out, [da, it],
               ['"ghcr.io"', '"ecr-login"', "123456789012.dkr.ecr.eu-west-1.amazonaws.com", '"currentContext": "default"'], G)

    # 13. .npmrc and .yarnrc.yml of a monorepo
    n1, n2, n3 = ghp(), b64(password()), "npm_" + rnd(36)
    s.write(".npmrc", f"@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken={n1}\n"
            f"//registry.acme.dev/:username=ci\n//registry.acme.dev/:_password={n2}\n//registry.acme.dev/:email=ci@acme.dev\n")
    s.write(".yarnrc.yml", f"nodeLinker: node-modules\nnpmRegistryServer: \"https://registry.npmjs.org\"\nnpmScopes:\n  acme:\n"
            f"    npmAlwaysAuth: true\n    npmAuthToken: {n3}\n    npmRegistryServer: \"https://npm.acme.dev\"\n")
    out = s.sh("head -n 20 .npmrc .yarnrc.yml")
    write_case("head-npmrc-yarnrc-tokens", "head -n 20 .npmrc .yarnrc.yml", out, [n1, n2, n3],
               ["==> .yarnrc.yml <==", "//registry.acme.dev/:username=ci", "npmAlwaysAuth: true", "nodeLinker: node-modules",
                "@acme:registry=https://npm.pkg.github.com"], G)

    # 14. poetry's auth.toml
    p1, p2 = password(), "pypi-AgEIcHlwaS5vcmc" + rnd(60, ALNUM + "-_")
    (s.home / ".config/pypoetry").mkdir(parents=True)
    (s.home / ".config/pypoetry/auth.toml").write_text(f'[http-basic.acme]\nusername = "deploy"\npassword = "{p1}"\n\n'
                                                        f'[pypi-token]\npypi = "{p2}"\n')
    out = s.sh("cat ~/.config/pypoetry/auth.toml")
    write_case("cat-poetry-auth-toml", "cat ~/.config/pypoetry/auth.toml", out, [p1, p2],
               ["[http-basic.acme]", 'username = "deploy"', "[pypi-token]"], G)

    # 15. aws configure get, one line per key of a profile
    (a1, s1) = aws_pair()
    st = "FwoGZXIvYXdzE" + rnd(200, ALNUM + "+/")
    (s.home / ".aws").mkdir()
    (s.home / ".aws/credentials").write_text(f"[ci]\naws_access_key_id = {a1}\naws_secret_access_key = {s1}\naws_session_token = {st}\n")
    (s.home / ".aws/config").write_text("[profile ci]\nregion = ap-southeast-2\n")
    cmd = "for k in aws_access_key_id aws_secret_access_key aws_session_token region; do echo \"$k: $(aws configure get $k --profile ci)\"; done"
    out = s.sh(cmd)
    write_case("aws-configure-get-loop", cmd, out, [a1, s1, st], ["region: ap-southeast-2"], G)

    # 16. an appsettings.json of connection strings (ADO.NET, StackExchange.Redis, MongoDB SRV, AMQP)
    c1, c2, c3, c4 = password(), rnd(44, ALNUM + "+/") + "=", rnd(16), password()
    app = {"Logging": {"LogLevel": {"Default": "Information"}}, "ConnectionStrings": {
        "Orders": f"Server=tcp:sql.acme.dev,1433;Initial Catalog=orders;User ID=orders_app;Password={c1};Encrypt=True;",
        "Cache": f"redis.acme.dev:6380,password={c2},ssl=True,abortConnect=False",
        "Events": f"mongodb+srv://events:{c3}@cluster0.ab1cd.mongodb.net/?retryWrites=true&w=majority",
        "Bus": f"amqps://bus_user:{c4}@rabbit.acme.dev:5671/prod"}, "AllowedHosts": "*"}
    s.write("appsettings.json", json.dumps(app, indent=2))
    out = s.sh("jq .ConnectionStrings appsettings.json")
    write_case("jq-appsettings-connection-strings", "jq .ConnectionStrings appsettings.json", out, [c1, c2, c3, c4],
               ["Initial Catalog=orders", "User ID=orders_app", "redis.acme.dev:6380", "abortConnect=False",
                "cluster0.ab1cd.mongodb.net", "rabbit.acme.dev:5671/prod"], G)


if __name__ == "__main__":
    R.seed(10_1)
    s = Scratch("h7creds")
    shells_and_vcs(s)
    http_clients(s)
    configs(s)
