"""Held-out redaction cases, session 5, part 1: REAL tool output captured on this machine (kubectl --dry-run,
git config / git credential, curl -v against a local http.server, python http.client debug, node util.inspect,
openssl / ssh-keygen, terraform output, aws configure, npm config). Secrets are random fakes (seeded) with the
right shapes; the tools really print them. Written before looking at the redaction rules.

Run: python tests/data/redaction_heldout2/capture.py   (needs kubectl, git, curl, node, openssl, ssh-keygen,
terraform, aws, npm on PATH; rewrites the case folders it owns; make.py writes the transcript cases).
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import b64u, hexs, rnd, write_case  # noqa: E402

GROUP = "heldout-session-5-real"


def sh(cmd: str, cwd: Path, env: dict, stdin: str | None = None) -> str:
    p = subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env, input=stdin, capture_output=True, text=True)
    return (p.stdout + p.stderr).replace(str(cwd), "/home/dev/src/payments").replace(env["HOME"], "/home/dev")


class _Quiet(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        body = b'{"ok": true, "user": "deploy"}\n'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *a):
        pass


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="redact-h2-"))
    home = tmp / "home"
    home.mkdir()
    work = tmp / "proj"
    work.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"], "LANG": "C.UTF-8", "TERM": "dumb"}
    srv = HTTPServer(("127.0.0.1", 0), _Quiet)
    port = srv.server_address[1]
    threading.Thread(target=srv.serve_forever, daemon=True).start()

    # 1. kubectl create secret ... --dry-run=client -o yaml: base64 data values
    dbpw, stripe, jwtsec = rnd(18), "sk_live_" + rnd(24), hexs(64)
    out = sh(f"kubectl create secret generic billing-env --namespace payments --from-literal=DB_PASSWORD={dbpw} "
             f"--from-literal=STRIPE_SECRET_KEY={stripe} --from-literal=JWT_SECRET={jwtsec} "
             f"--from-literal=DB_HOST=pg.payments.svc --dry-run=client -o yaml", work, env)
    enc = [base64.b64encode(s.encode()).decode() for s in (dbpw, stripe, jwtsec)]
    write_case("kubectl-create-secret-yaml", "kubectl create secret generic billing-env --namespace payments "
               "--from-env-file=.env.billing --dry-run=client -o yaml", out, enc,
               ["billing-env", "namespace: payments"], GROUP)  # (every data value of a Secret may be masked)

    # 2. kubectl docker-registry secret as JSON: .dockerconfigjson holds base64 of JSON holding base64 user:pass
    ghp = "ghp_" + rnd(36)
    out = sh(f"kubectl create secret docker-registry ghcr-pull --docker-server=ghcr.io --docker-username=ci-bot "
             f"--docker-password={ghp} --dry-run=client -o json", work, env)
    blob = json.loads(out)["data"][".dockerconfigjson"]
    write_case("kubectl-docker-registry-json", "kubectl create secret docker-registry ghcr-pull --docker-server=ghcr.io "
               "--docker-username=ci-bot --docker-password=\"$GHCR_PAT\" --dry-run=client -o json", out, [blob],
               ["ghcr-pull", "kubernetes.io/dockerconfigjson"], GROUP)

    # 3. kubectl config: set-credentials with a token + client key, then view --raw (secrets) ...
    ktok = b64u(20) + "." + b64u(40)
    key = sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null", work, env)
    (work / "admin.key").write_text(key)
    sh(f"kubectl config set-cluster prod --server=https://10.20.0.1:6443 --insecure-skip-tls-verify=true && "
       f"kubectl config set-credentials ci --token={ktok} && "
       f"kubectl config set-credentials admin --client-key=admin.key --embed-certs=true && "
       f"kubectl config set-context prod-ci --cluster=prod --user=ci && kubectl config use-context prod-ci", work, env)
    out = sh("kubectl config view --raw", work, env)
    keydata = base64.b64encode(key.encode()).decode()
    write_case("kubectl-config-view-raw", "kubectl config view --raw", out, [ktok, keydata],
               ["https://10.20.0.1:6443", "current-context: prod-ci", "name: admin"], GROUP)
    # ... and without --raw: kubectl itself hides them (negative)
    out = sh("kubectl config view; kubectl config get-contexts", work, env)
    write_case("neg-kubectl-config-view", "kubectl config view; kubectl config get-contexts", out, [],
               ["token: REDACTED", "client-key-data: DATA\\+OMITTED", "server: https://10\\.20\\.0\\.1:6443",
                "prod-ci +prod +ci"], GROUP, literal=False)

    # 4. git config --list --show-origin: token in a remote URL + actions/checkout's extraheader
    ghs, gl = "ghs_" + rnd(36), "glpat-" + b64u(20)
    basic = base64.b64encode(f"x-access-token:{ghs}".encode()).decode()
    sh("git init -q -b main . && git remote add origin https://github.com/acme/payments.git && "
       f"git remote add mirror https://oauth2:{gl}@gitlab.example.com/acme/payments.git && "
       f"git config http.https://github.com/.extraheader 'AUTHORIZATION: basic {basic}' && "
       "git config user.name 'CI Bot' && git config user.email ci@acme.dev && git config core.autocrlf input", work, env)
    out = sh("git config --list --show-origin", work, env)
    write_case("git-config-show-origin", "git config --list --show-origin", out, [basic, gl],
               ["https://github.com/acme/payments.git", "gitlab.example.com/acme/payments.git", "user.email=ci@acme.dev",
                "core.autocrlf=input"], GROUP)

    # 5. git credential fill with the store helper: username= / password= lines
    gh2 = "github_pat_" + rnd(22) + "_" + rnd(59)
    (home / ".git-credentials").write_text(f"https://octo-deploy:{gh2}@github.com\n")
    sh("git config --global credential.helper store", work, env)
    out = sh("git credential fill", work, env, stdin="protocol=https\nhost=github.com\n\n")
    write_case("git-credential-fill", "printf 'protocol=https\\nhost=github.com\\n\\n' | git credential fill", out,
               [gh2], ["host=github.com", "username=octo-deploy", "protocol=https"], GROUP)

    # 6. curl -v with Basic auth, a session cookie and a GitLab PRIVATE-TOKEN header against a local http.server
    bpw, sess, glp = rnd(16), hexs(32), "glpat-" + b64u(20)
    out = sh(f"curl -sv -u deploy:{bpw} -b 'sessionid={sess}; theme=dark' -H 'PRIVATE-TOKEN: {glp}' "
             f"http://127.0.0.1:{port}/api/v4/projects 2>&1", work, env)
    out = out.replace(str(port), "8929")
    write_case("curl-verbose-basic-cookie-private-token", "curl -sv -u \"deploy:$DEPLOY_PW\" -b cookies.txt -H "
               "\"PRIVATE-TOKEN: $GITLAB_TOKEN\" http://127.0.0.1:8929/api/v4/projects",
               out, [base64.b64encode(f"deploy:{bpw}".encode()).decode(), sess, glp],
               ["Server auth using Basic with user 'deploy'", "HTTP/1.0 200 OK", "/api/v4/projects"], GROUP)

    # 7. python http.client debuglevel=1: headers as a bytes repr with \r\n escapes
    ant, hf = "sk-ant-api03-" + b64u(93) + "AA", "hf_" + rnd(34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    script = ("import http.client, json\n"
              "http.client.HTTPConnection.debuglevel = 1\n"
              f"c = http.client.HTTPConnection('127.0.0.1', {port})\n"
              "c.request('POST', '/v1/messages', body=json.dumps({'model': 'claude-x', 'max_tokens': 64}),\n"
              f"          headers={{'x-api-key': '{ant}', 'anthropic-version': '2023-06-01', 'content-type': 'application/json'}})\n"
              "print(c.getresponse().read().decode())\n"
              f"c.request('GET', '/api/whoami-v2', headers={{'authorization': 'Bearer {hf}'}})\n"
              "print(c.getresponse().status)\n")
    out = sh("python3 -", work, env, stdin=script).replace(str(port), "8000")
    write_case("python-http-client-debug", "python3 scripts/probe_llm.py --debug-http", out, [ant, hf],
               ["anthropic-version: 2023-06-01", "max_tokens", "/api/whoami-v2", "reply: 'HTTP/1.0 200 OK"], GROUP)

    # 8. node: console.log of a pretty config object (util.inspect, single quotes, camelCase keys)
    smtp, oai, sess2 = "PurpleMonkeyDishwasher", "sk-proj-" + b64u(156), rnd(48)
    js = ("const cfg = {env: 'production', port: 3000, db: {host: 'db.internal', user: 'app', password: '" + smtp +
          "'}, openai: {apiKey: '" + oai + "', model: 'gpt-4o-mini', maxTokens: 512}, session: {secret: '" + sess2 +
          "', cookieName: 'sid', maxAgeMs: 86400000}, build: {commit: '" + hexs(40) + "', version: '4.12.0'}};\n"
          "console.log('loaded config', cfg);\n")
    out = sh("node -", work, env, stdin=js)
    write_case("node-console-log-config", "node server.js --print-config", out, [smtp, oai, sess2],
               ["host: 'db.internal'", "user: 'app'", "maxTokens: 512", "version: '4.12.0'", "cookieName: 'sid'"], GROUP)

    # 9. python json.dumps(indent=2) of a settings dict: pretty-printed JSON, camelCase keys, no data command
    wk, ak2, pw3 = "whsec_" + rnd(32), rnd(32, "abcdefghijklmnopqrstuvwxyz0123456789"), "MarigoldTuesday"
    py = ("import json\nprint(json.dumps({'service': 'notifier', 'mailgun': {'domain': 'mg.acme.dev', 'apiKey': '" + ak2 +
          "'}, 'stripe': {'webhookSecret': '" + wk + "', 'apiVersion': '2024-06-20'}, 'admin': {'username': 'ops', "
          "'password': '" + pw3 + "'}, 'retry': {'maxAttempts': 5, 'tokenBucket': 20}}, indent=2))\n")
    out = sh("python3 -", work, env, stdin=py)
    write_case("python-settings-pretty-json", "python -m notifier.settings --dump", out, [ak2, wk, pw3],
               ['"domain": "mg.acme.dev"', '"apiVersion": "2024-06-20"', '"username": "ops"', '"tokenBucket": 20'],
               GROUP)

    # 10. openssl req -x509 -nodes with key and cert to stdout: key masked, certificate (public) kept
    out = sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout - -out - -days 30 -subj /CN=dev.local 2>/dev/null",
             work, env)
    # the key body minus its first line: that line's ASN.1 header (rsaEncryption OID) is in every RSA certificate too
    kb = re.search(r"-----BEGIN PRIVATE KEY-----\n.*?\n(.*?)\n-----END", out, re.S).group(1)
    cb = re.search(r"-----BEGIN CERTIFICATE-----\n(.*?)\n", out, re.S).group(1)
    write_case("openssl-req-nodes-stdout", "openssl req -x509 -newkey rsa:2048 -nodes -keyout - -out - -days 30 "
               "-subj /CN=dev.local", out, [kb], ["-----BEGIN CERTIFICATE-----", cb[:40], "-----END PRIVATE KEY-----"],
               GROUP)

    # 11. ssh-keygen ecdsa then cat the private key and the public key + fingerprint
    sh("ssh-keygen -q -t ecdsa -b 256 -N '' -C deploy@ci -f id_ecdsa", work, env)
    out = sh("cat id_ecdsa; ssh-keygen -lf id_ecdsa.pub", work, env)
    kb = re.search(r"-----BEGIN OPENSSH PRIVATE KEY-----\n(.*?)\n-----END", out, re.S).group(1)
    fp = re.search(r"SHA256:\S+", out).group(0)
    # (the public key is not shown: its base64 is a substring of the private key's body, so keeping it would count)
    write_case("ssh-ecdsa-key-and-fingerprint", "cat ~/.ssh/id_ecdsa; ssh-keygen -lf ~/.ssh/id_ecdsa.pub",
               out, [kb], [fp, "deploy@ci", "(ECDSA)"], GROUP)

    # 12. terraform output -json: sensitive outputs printed in clear (no provider needed)
    tfpw, tfkey = rnd(20) + "#", "AIza" + b64u(35)
    (work / "main.tf").write_text(
        'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n'
        'variable "maps_key" {\n  type      = string\n  sensitive = true\n}\n'
        'output "db_password" {\n  value     = var.db_password\n  sensitive = true\n}\n'
        'output "maps_api_key" {\n  value     = var.maps_key\n  sensitive = true\n}\n'
        'output "db_endpoint" {\n  value = "orders.c9x1.eu-west-1.rds.amazonaws.com:5432"\n}\n')
    tfenv = dict(env, TF_VAR_db_password=tfpw, TF_VAR_maps_key=tfkey, TF_IN_AUTOMATION="1", TF_CLI_CONFIG_FILE="/dev/null")
    plan = sh("terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color",
              work, tfenv)
    write_case("neg-terraform-apply-sensitive", "terraform apply -auto-approve", plan, [],
               ["\\(sensitive value\\)", "db_endpoint", "Apply complete!"], GROUP, literal=False)
    out = sh("terraform output -json", work, tfenv)
    write_case("terraform-output-json", "terraform output -json", out, [tfpw, tfkey],
               ["orders.c9x1.eu-west-1.rds.amazonaws.com:5432", '"sensitive": true'], GROUP)

    # 13. aws configure set + cat the shared files (credentials and config with a role + MFA serial)
    akid, sak, stok = "AKIA" + rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), rnd(40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"), "IQoJb3JpZ2luX2VjE" + b64u(300)
    sh(f"aws configure set aws_access_key_id {akid} --profile ci && aws configure set aws_secret_access_key {sak} "
       f"--profile ci && aws configure set aws_session_token {stok} --profile ci && aws configure set region "
       "eu-central-1 --profile ci && aws configure set role_arn arn:aws:iam::123456789012:role/deployer --profile prod "
       "&& aws configure set source_profile ci --profile prod", work, env)
    out = sh("cat ~/.aws/credentials ~/.aws/config", work, env)
    write_case("aws-shared-files", "cat ~/.aws/credentials ~/.aws/config", out, [akid, sak, stok],
               ["region = eu-central-1", "arn:aws:iam::123456789012:role/deployer", "source_profile = ci"], GROUP)

    # 14. npm config set of a scoped registry token then npm config list (npm shows what it shows)
    npmt, ghr = "npm_" + rnd(36), "ghp_" + rnd(36)
    sh(f"npm config set //registry.npmjs.org/:_authToken={npmt} && npm config set @acme:registry "
       f"https://npm.pkg.github.com && npm config set //npm.pkg.github.com/:_authToken={ghr}", work, env)
    out = sh("npm config list; cat ~/.npmrc", work, env)
    out = out.replace(str(home), "/home/dev").replace(str(work), "/home/dev/src/web")
    write_case("npm-config-list-npmrc", "npm config list; cat ~/.npmrc", out, [npmt, ghr],
               ["@acme:registry", "https://npm.pkg.github.com"], GROUP)

    # 15. negatives from real tools: git log / cat-file, checksums, base64 of a text file, ls of secret-named files
    neg = tmp / "neg"
    neg.mkdir()
    gl_env = dict(env, GIT_AUTHOR_NAME="Dana Dev", GIT_AUTHOR_EMAIL="dana@acme.dev", GIT_COMMITTER_NAME="Dana Dev",
                  GIT_COMMITTER_EMAIL="dana@acme.dev")
    msgs = ["auth: refresh the access token before it expires (#412)", "docs: how to rotate the API key",
            "test: test_password_reset covers expired links", "secrets: read DB_PASSWORD from /run/secrets",
            "chore(deps): bump tokenizers from 0.19.1 to 0.22.2"]
    for i, m in enumerate(msgs):
        (neg / f"f{i}.txt").write_text(f"change {i}\n")
        sh(f"git init -q -b main . 2>/dev/null; git add f{i}.txt && git commit -q -m '{m}'", neg, gl_env)
    (neg / "NOTICE.txt").write_text("This product includes software developed at Acme (https://acme.dev).\n"
                                    "Token counts are approximate; see docs/tokens.md.\n")
    out = sh("git log --format='%H %s' && git cat-file -p HEAD && git rev-parse --short HEAD~2", neg, gl_env)
    shas = re.findall(r"^[0-9a-f]{40}", out, re.M)
    write_case("neg-git-log-cat-file", "git log --format='%H %s' && git cat-file -p HEAD && git rev-parse --short HEAD~2",
               out, [], shas[:3] + ["refresh the access token", "test_password_reset", "DB_PASSWORD"], GROUP)
    out = sh("sha256sum f0.txt NOTICE.txt && md5sum f1.txt && sha1sum f2.txt && base64 NOTICE.txt && "
             "python3 -c 'import uuid; print(uuid.uuid4()); print(uuid.uuid4())'", neg, env)
    vals = re.findall(r"^[0-9a-f]{32,64}", out, re.M) + re.findall(r"^[0-9a-f-]{36}$", out, re.M)
    b64 = [ln for ln in out.splitlines() if re.fullmatch(r"[A-Za-z0-9+/=]{40,}", ln)]
    write_case("neg-checksums-base64-uuids", "sha256sum f0.txt NOTICE.txt && md5sum f1.txt && sha1sum f2.txt && "
               "base64 NOTICE.txt && python3 -c 'import uuid; print(uuid.uuid4()); print(uuid.uuid4())'", out, [],
               vals + b64, GROUP)
    for name in (".env", ".env.example", "credentials.json", "id_ed25519", "id_ed25519.pub", "secrets.enc.yaml",
                 "token_cache.sqlite"):
        (neg / name).write_text("x\n")
    out = sh("ls -la --time-style=long-iso | sed 's/^\\(.\\{10\\}\\) *[0-9]* root root/\\1 1 dev dev/'", neg, env)
    write_case("neg-ls-secret-named-files", "ls -la", out, [],
               ["credentials.json", "id_ed25519.pub", "secrets.enc.yaml", "token_cache.sqlite", ".env.example"], GROUP)
    srv.shutdown()


if __name__ == "__main__":
    main()
