"""Held-out redaction cases, session 7, part 1: real tools with fake credentials — env of a CI job, git config/remote
with tokens in URLs and an extraheader, terraform outputs and state, kubectl config view / create secret, ssh-keygen
keys read with `sed -n` under a meaningless name, openssl private-key text, curl against a local http.server (basic
auth, an OAuth token response), bash -x of psql/mysql/htpasswd/sshpass/smbclient calls, aws configure, argparse and
node printing `auth` / `credentials`. Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout4/capture_tools.py
"""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (  # noqa: E402
    ALNUM, DIGITS, LOWER, UPPER, VENV_PY, R, Scratch, aws_pair, azure_secret, b64, b64u, hexs, jwt, pem_body, rnd,
    serve, slack_bot, uuid, write_case,
)

G = "heldout-session-7-real"


def main() -> None:  # noqa: PLR0915 - one block per case
    s = Scratch("h4tools")

    # 1. env | sort in a CI job: vendor keys next to ids and digests that must stay
    ak, sk = aws_pair()
    az, sl, stripe = azure_secret(), slack_bot(), "sk_live_" + rnd(99)
    gh, dck, hvs, dd = "ghp_" + rnd(36), "dckr_pat_" + b64u(27), "hvs." + b64u(24), hexs(32)
    sha, run, tenant, client, dig = hexs(40), str(R.randint(10**9, 10**10)), uuid(), uuid(), hexs(64)
    env = dict(s.env, AWS_ACCESS_KEY_ID=ak, AWS_SECRET_ACCESS_KEY=sk, AWS_REGION="eu-central-1", AZURE_CLIENT_SECRET=az,
               AZURE_CLIENT_ID=client, AZURE_TENANT_ID=tenant, SLACK_BOT_TOKEN=sl, STRIPE_SECRET_KEY=stripe, GH_TOKEN=gh,
               DOCKERHUB_TOKEN=dck, VAULT_TOKEN=hvs, VAULT_ADDR="https://vault.acme.dev:8200", DD_API_KEY=dd,
               GITHUB_SHA=sha, GITHUB_RUN_ID=run, IMAGE_DIGEST="sha256:" + dig, CI="true", TOKEN_LIMIT="4096")
    out = s.sh("env | sort", env=env)
    write_case("env-sort-ci-vendor-keys", "env | sort", out, [ak, sk, az, sl, stripe, gh, dck, hvs, dd],
               [f"GITHUB_SHA={sha}", f"GITHUB_RUN_ID={run}", f"AZURE_TENANT_ID={tenant}", f"AZURE_CLIENT_ID={client}",
                f"IMAGE_DIGEST=sha256:{dig}", "AWS_REGION=eu-central-1", "VAULT_ADDR=https://vault.acme.dev:8200",
                "TOKEN_LIMIT=4096"], G)

    # 2. git config -l / remote -v: tokens in remote URLs, insteadOf and the checkout action's extraheader
    g1, g2, g3 = "ghp_" + rnd(36), "glpat-" + b64u(20), "ghs_" + rnd(36)
    hdr = b64(f"x-access-token:{g3}")
    s.sh("git init -q repo && cd repo && git config user.email ci@acme.dev && git config user.name 'CI Bot' && "
         f"git remote add origin https://ci-bot:{g1}@github.com/acme/api.git && "
         f"git remote add mirror https://oauth2:{g2}@gitlab.acme.dev/platform/api.git && "
         f"git config http.https://github.com/.extraheader 'AUTHORIZATION: basic {hdr}' && "
         "git remote add upstream https://github.com/acme-oss/api.git")
    out = s.sh("cd repo && git config -l --local && git remote -v")
    write_case("git-config-remote-token-urls", "git config -l --local && git remote -v", out, [g1, g2, hdr],
               ["user.email=ci@acme.dev", "https://github.com/acme-oss/api.git", "core.repositoryformatversion=0",
                "github.com/acme/api.git", "gitlab.acme.dev/platform/api.git"], G)

    # 3. terraform: sensitive outputs printed as JSON, then the state file
    tp, tk = rnd(20), "rk_live_" + rnd(40)
    s.write("tf/main.tf", f'variable "db_password" {{\n  type      = string\n  sensitive = true\n  default   = "{tp}"\n}}\n\n'
            f'output "db_password" {{\n  value     = var.db_password\n  sensitive = true\n}}\n\noutput "stripe_restricted_key" '
            f'{{\n  value     = "{tk}"\n  sensitive = true\n}}\n\noutput "db_endpoint" {{\n  value = "orders.c1x2.eu-central-1.rds.amazonaws.com:5432"\n}}\n')
    tfenv = dict(s.env, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1", TF_CLI_CONFIG_FILE="/dev/null")
    s.sh("cd tf && terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color >/dev/null", env=tfenv)
    out = s.sh("cd tf && terraform output -json && cat terraform.tfstate", env=tfenv)
    lineage = json.loads((s.work / "tf/terraform.tfstate").read_text())["lineage"]
    write_case("terraform-output-json-state", "terraform output -json && cat terraform.tfstate", out, [tp, tk],
               [lineage, "orders.c1x2.eu-central-1.rds.amazonaws.com:5432", '"sensitive": true', '"serial": 1'], G)

    # 4. kubectl config view --raw: a service-account JWT, client-key-data (base64 of an EC key), basic-auth password;
    #    the CA and client certificates are public and stay
    s.sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k8s.key -out k8s.crt -days 30 "
         "-subj /CN=dev-admin 2>/dev/null")
    crt = base64.b64encode((s.work / "k8s.crt").read_bytes()).decode()
    key = base64.b64encode((s.work / "k8s.key").read_bytes()).decode()
    satok = jwt({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci",
                 "sub": "system:serviceaccount:ci:deployer"}, "RS256")
    kpw = rnd(18)
    s.write("kubeconfig", f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {crt}
    server: https://10.20.0.1:6443
  name: dev
contexts:
- context: {{cluster: dev, namespace: web, user: dev-admin}}
  name: dev
- context: {{cluster: dev, user: ci-deployer}}
  name: ci
- context: {{cluster: dev, user: legacy}}
  name: legacy
current-context: dev
users:
- name: dev-admin
  user:
    client-certificate-data: {crt}
    client-key-data: {key}
- name: ci-deployer
  user:
    token: {satok}
- name: legacy
  user:
    username: admin
    password: {kpw}
""")
    out = s.sh("kubectl config view --raw --kubeconfig kubeconfig")
    # (the base64 of the key's BEGIN/END lines is the same as the certificate's: the secret is what lies between)
    write_case("kubectl-config-view-raw", "kubectl config view --raw", out, [key[40:-40], satok, kpw],
               ["server: https://10.20.0.1:6443", "current-context: dev", "username: admin", crt[:60], crt[-40:]], G)

    # 5. kubectl create secret generic -o json: literals and a key file, every data value base64
    l1, l2 = rnd(16), "whsec_" + rnd(32)
    s.sh("ssh-keygen -q -t ed25519 -N '' -C deploy@acme -f deploy_ed25519")
    out = s.sh(f"kubectl create secret generic app-env --from-literal=DB_PASSWORD={l1} --from-literal=STRIPE_WEBHOOK_SECRET={l2} "
               "--from-file=ssh-privatekey=deploy_ed25519 --dry-run=client -o json")
    data = json.loads(out)["data"]
    write_case("kubectl-create-secret-generic-json", "kubectl create secret generic app-env --from-literal=DB_PASSWORD=$DB_PASSWORD "
               "--from-literal=STRIPE_WEBHOOK_SECRET=$WHSEC --from-file=ssh-privatekey=deploy_ed25519 --dry-run=client -o json",
               out, [data["DB_PASSWORD"], data["STRIPE_WEBHOOK_SECRET"], data["ssh-privatekey"]],
               ['"name": "app-env"', '"kind": "Secret"', '"apiVersion": "v1"'], G)

    # 6. kubectl create secret docker-registry -o yaml: the .dockerconfigjson holds user:token
    reg = "ghp_" + rnd(36)
    out = s.sh(f"kubectl create secret docker-registry regcred --docker-server=ghcr.io --docker-username=acme-bot "
               f"--docker-password={reg} --docker-email=bot@acme.dev --dry-run=client -o yaml")
    dcj = re.search(r"\.dockerconfigjson: (\S+)", out).group(1)
    write_case("kubectl-docker-registry-secret-yaml", "kubectl create secret docker-registry regcred --docker-server=ghcr.io "
               "--docker-username=acme-bot --docker-password=\"$GHCR_TOKEN\" --dry-run=client -o yaml", out, [dcj],
               ["name: regcred", "type: kubernetes.io/dockerconfigjson"], G)

    # 7. an RSA key saved under a meaningless name, a slice read with sed -n (no BEGIN/END in view)
    s.sh("ssh-keygen -q -t rsa -b 3072 -N '' -C ops@bastion -f k7")
    lines = (s.work / "k7").read_text().splitlines()
    out = s.sh("sed -n '4,22p' k7")
    write_case("sed-n-key-meaningless-name", "sed -n '4,22p' ops/k7", out, ["\n".join(lines[3:22])], [], G)

    # 8. the same kind of slice under a name that says nothing, through head|tail
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out blob.bin 2>/dev/null")
    lines = (s.work / "blob.bin").read_text().splitlines()
    out = s.sh("head -n 12 blob.bin | tail -n 9")
    write_case("head-tail-key-slice-opaque-name", "head -n 12 cache/blob.bin | tail -n 9", out, ["\n".join(lines[3:12])], [], G)

    # 9. openssl pkey -text: private components in hex-colon form; the public part stays
    out = s.sh("openssl genpkey -algorithm ed25519 -out ed.pem && openssl pkey -in ed.pem -text -noout")
    priv = re.search(r"priv:\n((?:\s+[0-9a-f:]+\n)+)", out).group(1).strip()
    pub = re.search(r"pub:\n((?:\s+[0-9a-f:]+\n)+)", out).group(1).split()
    write_case("openssl-pkey-text-ed25519", "openssl pkey -in ed.pem -text -noout", out,
               ["\n".join(x.strip() for x in priv.splitlines())] if "\n" not in priv else [priv], ["ED25519 Private-Key:", pub[0]], G)

    # 10. curl -v with basic auth against a local server: the Authorization header carries user:password
    srv = serve()
    port = srv.server_address[1]
    bpw = rnd(14) + "!" + rnd(3)
    out = s.sh(f"curl -sv -u deploy:'{bpw}' http://127.0.0.1:{port}/service/rest/v1/status 2>&1 | grep -v '^\\* \\(Trying\\|Connected\\|  \\)'")
    out = out.replace(str(port), "8081")
    basic = b64(f"deploy:{bpw}")
    write_case("curl-v-basic-auth", "curl -sv -u deploy:\"$NEXUS_PASSWORD\" http://127.0.0.1:8081/service/rest/v1/status",
               out, [basic], ["GET /service/rest/v1/status HTTP/1.1", "HTTP/1.1 200 OK", "Content-Type: application/json"], G)

    # 11. an OAuth token response fetched with curl and pretty-printed with jq
    at = jwt({"sub": "svc-ledger", "scope": "ledger:write", "exp": 1795000000})
    idt = jwt({"sub": "248289761001", "email": "dana@acme.dev", "aud": "ledger-web"}, "RS256")
    rt = "1//0g" + b64u(100)
    s.write("www/token.json", json.dumps({"access_token": at, "token_type": "Bearer", "expires_in": 3599,
                                          "refresh_token": rt, "id_token": idt, "scope": "openid email ledger:write"}))
    out = s.sh("cd www && (python3 -u -m http.server 0 --bind 127.0.0.1 >srv.log 2>&1 & echo $! >pid; sleep 1.2; "
               "P=$(grep -o 'port [0-9]*' srv.log | grep -o '[0-9]*'); curl -s http://127.0.0.1:$P/token.json | jq .; kill $(cat pid))")
    write_case("curl-oauth-token-response-jq", "curl -s https://oauth2.acme.dev/token -d grant_type=client_credentials | jq .",
               out, [at, rt, idt], ['"token_type": "Bearer"', '"expires_in": 3599', '"scope": "openid email ledger:write"'], G)

    # 12. bash -x of a maintenance script: positional user/password arguments of database and file-share tools
    p1, p2, p3, p4, p5, p6 = rnd(14), rnd(12), rnd(16), rnd(11) + "#" + rnd(2), rnd(15), rnd(13)
    s.write("maint.sh", "mysql() { :; }; mysqldump() { :; }; htpasswd() { :; }; smbclient() { :; }; sshpass() { :; }\n"
            "redis-cli() { :; }; psql() { :; }\nset -x\n"
            f"mysql -u root -p{p1} -h db01 -e 'SHOW DATABASES'\n"
            f"mysqldump --user=backup --password={p2} --single-transaction shop > /dev/null\n"
            f"htpasswd -b /etc/nginx/.htpasswd admin {p3}\n"
            f"smbclient //fs01/finance '{p4}' -U svc_scan -c 'ls'\n"
            f"sshpass -p {p5} ssh -o StrictHostKeyChecking=no deploy@10.0.4.12 uptime\n"
            f"redis-cli -h cache01 -a {p6} PING\n"
            "psql -h db01 -U app -c 'select 1'\n")
    out = s.sh("bash maint.sh")
    write_case("bash-x-positional-passwords", "bash -x scripts/maint.sh", out, [p1, p2, p3, p4, p5, p6],
               ["-h db01", "--single-transaction shop", "/etc/nginx/.htpasswd admin", "-U svc_scan", "deploy@10.0.4.12",
                "-h cache01", "psql -h db01 -U app -c 'select 1'"], G)

    # 13. bash -x of psql with a connection string in DATABASE_URL, and PGPASSWORD before the command
    q1, q2 = rnd(18), rnd(16)
    s.write("migrate.sh", "psql() { echo 'psql: error: connection to server at \"db01\" (10.0.3.7), port 5432 failed: "
            "Connection refused' >&2; return 2; }\nset -x\n"
            f"export DATABASE_URL='postgresql://ledger:{q1}@db01:5432/ledger?sslmode=require'\n"
            "psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -f migrations/0042.sql\n"
            f"PGPASSWORD={q2} psql -h db01 -U reporting -d ledger -c 'select count(*) from invoices'\n")
    out = s.sh("bash migrate.sh")
    write_case("bash-x-psql-dsn-pgpassword", "bash -x scripts/migrate.sh", out, [q1, q2],
               ["db01:5432/ledger?sslmode=require", "port 5432 failed: Connection refused", "-U reporting", "migrations/0042.sql"], G)

    # 14. aws configure (v1 CLI, offline): set, list (masked), get and the credentials file
    a1, a2 = aws_pair()
    env = dict(s.env, AWS_CONFIG_FILE=str(s.home / ".aws/config"), AWS_SHARED_CREDENTIALS_FILE=str(s.home / ".aws/credentials"))
    s.sh(f"aws configure set aws_access_key_id {a1} --profile ci && aws configure set aws_secret_access_key {a2} --profile ci && "
         "aws configure set region eu-west-1 --profile ci", env=env)
    out = s.sh("aws configure list --profile ci; aws configure get aws_secret_access_key --profile ci; cat ~/.aws/credentials", env=env)
    write_case("aws-configure-list-get-credentials", "aws configure list --profile ci; aws configure get aws_secret_access_key "
               "--profile ci; cat ~/.aws/credentials", out, [a1, a2], ["[ci]", "eu-west-1", "shared-credentials-file"], G)

    # 15. argparse Namespace printed by a CLI's --debug: bare `auth` and `credentials` arguments
    na, nc = f"svc-sync:{rnd(16)}", rnd(32, ALNUM + "+/")
    s.write("sync.py", "import argparse\np = argparse.ArgumentParser()\nfor f in ('--host', '--auth', '--credentials', '--auth-mode', "
            "'--retries'):\n    p.add_argument(f)\nprint('DEBUG args:', p.parse_args())\n")
    out = s.sh(f"{VENV_PY} sync.py --host api.acme.dev --auth '{na}' --credentials '{nc}' --auth-mode basic --retries 3")
    write_case("argparse-namespace-auth-credentials", "python sync.py --debug --host api.acme.dev --profile prod", out,
               [na.split(":")[1], nc], ["host='api.acme.dev'", "auth_mode='basic'", "retries='3'", "svc-sync"], G)

    # 16. node printing a mailer / API client config: `auth: { user, pass }` and a bare `credentials` string
    mp, mc = rnd(16), "SG." + b64u(22) + "." + b64u(43)
    s.write("cfg.js", "const util = require('util');\nconst cfg = { smtp: { host: 'smtp.sendgrid.net', port: 587, secure: false,\n"
            f"  auth: {{ user: 'apikey', pass: '{mc}' }} }},\n  billing: {{ endpoint: 'https://billing.acme.dev', auth: 'ledger:{mp}', "
            "timeoutMs: 2500 },\n  credentials: '" + (nc2 := rnd(40, ALNUM + "+/")) + "',\n  authMode: 'oauth2', credentialsFile: '/etc/app/gcp.json' };\n"
            "console.log(util.inspect(cfg, { depth: 4 }));\n")
    out = s.sh("node cfg.js")
    write_case("node-inspect-auth-credentials", "node scripts/print-config.js", out, [mc, mp, nc2],
               ["host: 'smtp.sendgrid.net'", "user: 'apikey'", "endpoint: 'https://billing.acme.dev'", "authMode: 'oauth2'",
                "credentialsFile: '/etc/app/gcp.json'", "timeoutMs: 2500"], G)

    # 17. git show of a commit that added a production env file (SendGrid, Twilio, Mailgun); the commit id stays
    e1, e2, e3 = "SG." + b64u(22) + "." + b64u(43), hexs(32), "key-" + hexs(32)
    s.sh("cd repo && mkdir -p deploy && printf '%s\\n' 'APP_ENV=production' " + f"'SENDGRID_API_KEY={e1}' 'TWILIO_ACCOUNT_SID=AC{hexs(32)}' "
         f"'TWILIO_AUTH_TOKEN={e2}' 'MAILGUN_API_KEY={e3}' 'LOG_LEVEL=info' > deploy/.env.production && git add deploy && "
         "GIT_AUTHOR_DATE='2026-11-20T10:00:00' GIT_COMMITTER_DATE='2026-11-20T10:00:00' git commit -qm 'deploy: production env'")
    out = s.sh("cd repo && git show --stat -p HEAD")
    commit = s.sh("cd repo && git rev-parse HEAD").strip()
    write_case("git-show-committed-env-file", "git show --stat -p HEAD", out, [e1, e2, e3],
               [commit, "deploy: production env", "+APP_ENV=production", "+LOG_LEVEL=info", "TWILIO_ACCOUNT_SID=AC"], G)
    srv.shutdown()


if __name__ == "__main__":
    main()
