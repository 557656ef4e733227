"""Held-out redaction cases, session 13: round 9's gaps (tokens wrapped at widths other than 80/120: fold -w 72/90/96,
fmt; one-case `pass show` passwords) and carriers not in sets 1-9: git config --list insteadOf URLs, pip.conf, a GCP
service-account JSON's escaped PEM, kubeconfig client-key-data and token (kubectl config view --raw), an Azure storage
connection string, JWTs in a query string and a cookie (curl -v against a local server, and the server's log), Basic
auth, private keys in git diff/show (+/- lines), docker-inspect-shaped Env with a URL-encoded password, terraform output
-json, ansible-vault view, pytest --showlocals dicts, printenv of hex-shaped vendor tokens; look-alikes: an ssh public
key and npm integrity in a diff, an ansible-vault ciphertext, image digests, base64 of non-secrets.
Written before running the redactor on them.  Run: .venv/bin/python tests/data/redaction_heldout10/capture.py
"""

from __future__ import annotations

import json
import string
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (R, Scratch, b64, camel, ghp, github_pat, glpat, gpg_env, hexs, hf_token, jwt,  # noqa: E402
                    openai_key, password, rnd, serve, stripe_secret, uuid, visible_pieces, write_case)

G = "heldout-session-13"
PY = sys.executable


def wrap_cases(s: Scratch) -> None:
    pat, sha = github_pat(), hexs(40)
    s.write("deploy.env", f"RELEASE_SHA={sha}\nGITHUB_TOKEN={pat}\nREGION=eu-west-1\n")
    out = s.sh("fold -w 90 deploy.env")
    write_case("fold-w90-env-github-pat", "fold -w 90 deploy.env", out, visible_pieces(pat, out),
               [f"RELEASE_SHA={sha}", "REGION=eu-west-1"], G)
    tok = jwt({"sub": "svc-billing", "aud": "billing.acme.dev", "iat": 1795100000, "roles": ["invoice:write"]})
    line = f"2026-11-27T01:12:09Z DEBUG http client=billing auth_header=\"Bearer {tok}\" status=200 took_ms=41"
    s.write("app.log", line + "\n")
    out = s.sh("fold -w 72 app.log")
    write_case("fold-w72-log-bearer-jwt", "tail -n 1 app.log | fold -w 72", out, visible_pieces(tok.split(".", 1)[1], out),
               ["DEBUG http client=billing"], G)
    key = openai_key()
    s.write("settings.json", json.dumps({"model": "gpt-4o-mini", "openai_api_key": key, "timeout": 30}) + "\n")
    out = s.sh("fold -w 96 settings.json")
    write_case("fold-w96-json-openai-key", "fold -w 96 settings.json", out, visible_pieces(key, out),
               ['"model": "gpt-4o-mini"'], G)
    sk = stripe_secret()
    s.write("notes.txt", f"Payments were switched to the live account on Friday, the key in the vault is {sk} and the "
            "old one was revoked by the on-call engineer.\n")
    out = s.sh("fold -s -w 64 notes.txt")
    write_case("fold-s-w64-prose-stripe-key", "fold -s -w 64 notes.txt", out, visible_pieces(sk, out),
               ["Payments were switched to the live"], G)


def pass_cases(s: Scratch) -> None:
    env = gpg_env(s)
    env["PASSWORD_STORE_DIR"] = str(s.tmp / "store")
    s.sh("gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key sre@acme.dev default default never",
         env=env)
    s.sh("pass init sre@acme.dev", env=env)
    pw1 = rnd(18, string.ascii_lowercase + string.digits)
    pw2 = rnd(16, string.ascii_uppercase + string.digits)
    pw3 = rnd(22, string.ascii_lowercase)
    s.sh("pass insert -m infra/grafana", stdin=f"{pw1}\nuser: admin\nurl: https://grafana.acme.dev\n", env=env)
    s.sh("pass insert -m infra/ipmi-rack4", stdin=f"{pw2}\nuser: ADMIN\nhost: 10.4.0.14\n", env=env)
    s.sh("pass insert -m infra/smtp-relay", stdin=f"{pw3}\n", env=env)
    out = s.sh("pass show infra/grafana", env=env)
    write_case("pass-show-lowercase-digits", "pass show infra/grafana", out, [pw1],
               ["user: admin", "url: https://grafana.acme.dev"], G)
    out = s.sh("pass show infra/ipmi-rack4", env=env)
    write_case("pass-show-uppercase-digits", "pass show infra/ipmi-rack4", out, [pw2], ["user: ADMIN", "host: 10.4.0.14"], G)
    out = s.sh("echo '$ pass show infra/smtp-relay'; pass show infra/smtp-relay; echo '$ pass show infra/grafana | tail -n 2';"
               " pass show infra/grafana | tail -n 2", env=env)
    write_case("pass-show-lone-lowercase-line", "bash -c 'pass show infra/smtp-relay; pass show infra/grafana | tail -n 2'",
               out, [pw3], ["user: admin", "url: https://grafana.acme.dev"], G)


def config_cases(s: Scratch) -> None:
    tok, gl = ghp(), glpat()
    s.sh("git init -q repo && cd repo && "
         f"git config url.'https://ci-bot:{tok}@github.com/'.insteadOf 'https://github.com/' && "
         "git config credential.helper 'store --file /home/dev/.git-credentials' && git config user.name 'CI Bot'")
    out = s.sh("git config --list --local", cwd=s.work / "repo")
    write_case("git-config-list-insteadof-token", "git config --list --local", out, [tok],
               ["credential.helper=store --file /home/dev/.git-credentials", "user.name=CI Bot", "@github.com/.insteadof"], G)
    s.write("pip.conf", "[global]\ntimeout = 60\nindex-url = https://pypi.org/simple\n"
            f"extra-index-url = https://__token__:{gl}@gitlab.acme.dev/api/v4/projects/412/packages/pypi/simple\n"
            "trusted-host = gitlab.acme.dev\n")
    out = s.sh("cat pip.conf")
    write_case("cat-pip-conf-gitlab-token", "cat ~/.config/pip/pip.conf", out, [gl],
               ["index-url = https://pypi.org/simple", "gitlab.acme.dev/api/v4/projects/412/packages/pypi/simple",
                "trusted-host = gitlab.acme.dev"], G)
    s.sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.pem 2>/dev/null")
    pem = (s.work / "sa.pem").read_text()
    kid = hexs(40)
    sa = {"type": "service_account", "project_id": "acme-prod-381", "private_key_id": kid, "private_key": pem,
          "client_email": "deployer@acme-prod-381.iam.gserviceaccount.com", "client_id": rnd(21, string.digits),
          "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token"}
    s.write("sa.json", json.dumps(sa, indent=2) + "\n")
    out = s.sh("cat sa.json")
    body = pem.splitlines()[1:-1]
    write_case("cat-gcp-service-account-json", "cat sa.json", out, [body[3], body[10], body[20]],
               ['"client_email": "deployer@acme-prod-381.iam.gserviceaccount.com"', '"project_id": "acme-prod-381"',
                '"token_uri": "https://oauth2.googleapis.com/token"'], G)
    akey = b64(rnd(64, string.printable[:94]))
    cs = (f"DefaultEndpointsProtocol=https;AccountName=acmeassets;AccountKey={akey};"
          "EndpointSuffix=core.windows.net")
    out = s.sh("printenv AZURE_STORAGE_CONNECTION_STRING BLOB_CONTAINER", env={**s.env, "AZURE_STORAGE_CONNECTION_STRING": cs,
                                                                              "BLOB_CONTAINER": "invoices"})
    write_case("printenv-azure-storage-connection-string", "printenv AZURE_STORAGE_CONNECTION_STRING BLOB_CONTAINER",
               out, [akey], ["AccountName=acmeassets", "EndpointSuffix=core.windows.net", "invoices"], G)


def kube_case(s: Scratch) -> None:
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout client.key -out client.crt -subj '/CN=dev' -days 1 2>/dev/null")
    keyb64 = b64((s.work / "client.key").read_text())
    crtb64 = b64((s.work / "client.crt").read_text())
    tok = jwt({"iss": "kubernetes/serviceaccount", "sub": "system:serviceaccount:ci:deployer"}, alg="RS256")
    cfg = ("apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.20.0.1:6443\n"
           "    insecure-skip-tls-verify: true\n  name: prod\ncontexts:\n- context:\n    cluster: prod\n    user: dev\n"
           "  name: prod-dev\n- context:\n    cluster: prod\n    user: ci\n  name: prod-ci\ncurrent-context: prod-dev\n"
           f"users:\n- name: dev\n  user:\n    client-certificate-data: {crtb64}\n    client-key-data: {keyb64}\n"
           f"- name: ci\n  user:\n    token: {tok}\n")
    s.write("kubeconfig", cfg)
    out = s.sh("KUBECONFIG=kubeconfig kubectl config view --raw")
    write_case("kubectl-config-view-raw-key-and-token", "kubectl config view --raw", out, [keyb64[200:300], tok]  # (not the first 200: a certificate's base64 shares its ASN.1 head),
               ["server: https://10.20.0.1:6443", "current-context: prod-dev", "name: prod-ci"], G)


def http_cases(s: Scratch) -> None:
    srv = serve()
    port = srv.server_address[1]
    tok, sess = jwt({"sub": "u-4821", "scope": "export"}), jwt({"sid": uuid(), "uid": 4821})
    user_pw = f"reporter:{password()}"
    basic = b64(user_pw)
    out = s.sh(f"curl -sv 'http://127.0.0.1:{port}/export?format=csv&access_token={tok}' "
               f"-H 'Cookie: theme=dark; session={sess}' -H 'Authorization: Basic {basic}' -o /dev/null")
    out = out.replace(str(port), "8000")
    write_case("curl-v-jwt-query-cookie-basic", "curl -sv 'http://127.0.0.1:8000/export?...' -o /dev/null", out,
               [tok.split(".", 1)[1], sess.split(".", 1)[1], basic],
               ["GET /export?format=csv", "HTTP/1.1 200 OK", "theme=dark"], G)
    pw = password() + "@/" + rnd(4)
    enc = urllib.parse.quote(pw, safe="")
    s.sh(f"curl -s 'http://127.0.0.1:{port}/login?user=ops&password={enc}&next=%2Fdash' -o /dev/null")
    log = "".join(ln if ln.endswith("\n") else ln + "\n" for ln in srv.log_lines).replace(str(port), "8000")
    write_case("http-server-log-urlencoded-password", "python -m http.server 8000 2>&1 | tail -n 2", log,
               [tok.split(".", 1)[1], enc], ["GET /export?format=csv", "user=ops", "next=%2Fdash"], G)
    srv.shutdown()


def diff_cases(s: Scratch) -> None:
    g = "git -c user.name=dev -c user.email=dev@acme.dev"
    s.sh("git init -q d && cd d && ssh-keygen -q -t ed25519 -N '' -C deploy@ci -f deploy_key && "
         "echo 'ci keys' > README && git add README && " + g + " commit -qm init")
    d = s.work / "d"
    s.sh("git add deploy_key deploy_key.pub", cwd=d)
    out = s.sh("git diff --cached", cwd=d)
    body = [ln[1:] for ln in out.splitlines() if ln.startswith("+") and len(ln) > 60 and "ssh-ed25519" not in ln]
    pub = (d / "deploy_key.pub").read_text().split()[1]
    body = [b for b in body if not any(b[i:i + 12] in pub for i in range(len(b) - 11))]  # (the line holding the public key)
    write_case("git-diff-cached-ssh-private-key", "git diff --cached", out, body,
               ["new file mode 100", "+-----BEGIN OPENSSH PRIVATE KEY-----", pub, "deploy@ci"], G)
    env = gpg_env(s)
    s.sh("gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key signing@acme.dev ed25519 sign never", env=env)
    s.sh("gpg --armor --batch --pinentry-mode loopback --passphrase '' --export-secret-keys signing@acme.dev > signing.asc && "
         f"git add signing.asc && {g} commit -qm 'add signing key' && git rm -q signing.asc && {g} commit -qm 'remove key'",
         env=env, cwd=d)
    out = s.sh("git show --stat -p HEAD", cwd=d)
    body = [ln[1:] for ln in out.splitlines() if ln.startswith("-") and len(ln) > 50 and "BEGIN" not in ln]
    write_case("git-show-removed-pgp-private-key", "git show -p HEAD", out, body[:3],
               ["remove key", "signing.asc | ", "-----BEGIN PGP PRIVATE KEY BLOCK-----"], G)


def runtime_cases(s: Scratch) -> None:
    dbpw = camel(2) + "@" + rnd(3) + "/" + rnd(4)
    env = [f"DATABASE_URL=postgres://app:{urllib.parse.quote(dbpw, safe='')}@db:5432/app", "PATH=/usr/local/bin:/usr/bin",
           f"SENTRY_DSN=https://{hexs(32)}@o4507.ingest.sentry.io/4507", "GIT_COMMIT=" + hexs(40)]
    doc = [{"Id": hexs(64), "Name": "/api-1", "Image": "sha256:" + hexs(64), "Config": {"Env": env, "Labels": {
        "org.opencontainers.image.revision": hexs(40)}}}]
    s.write("inspect.json", json.dumps(doc))
    out = s.sh(f"{PY} -m json.tool inspect.json")
    write_case("docker-inspect-env-urlencoded-password", "docker inspect api-1", out,
               [urllib.parse.quote(dbpw, safe=""), env[2].split("//")[1].split("@")[0]],
               [doc[0]["Id"], doc[0]["Image"], env[3], "PATH=/usr/local/bin:/usr/bin"], G)
    hf, dop, dapi = hf_token(), "dop_v1_" + hexs(64), "dapi" + hexs(32)
    out = s.sh("printenv HF_TOKEN DIGITALOCEAN_TOKEN DATABRICKS_TOKEN BUILD_ID IMAGE_SHA",
               env={**s.env, "HF_TOKEN": hf, "DIGITALOCEAN_TOKEN": dop, "DATABRICKS_TOKEN": dapi, "BUILD_ID": uuid(),
                    "IMAGE_SHA": hexs(64)})
    lines = out.splitlines()
    write_case("printenv-values-only-vendor-tokens", "printenv HF_TOKEN DIGITALOCEAN_TOKEN DATABRICKS_TOKEN BUILD_ID IMAGE_SHA",
               out, [hf, dop, dapi], [lines[3], lines[4]], G)
    s.write("main.tf", 'variable "db_password" {\n  default = "%s"\n  sensitive = true\n}\n'
            'output "db_password" {\n  value = var.db_password\n  sensitive = true\n}\n'
            'output "db_host" {\n  value = "db.internal.acme.dev"\n}\n' % (tfpw := password() + rnd(4)))
    s.sh("terraform init -input=false >/dev/null 2>&1 && terraform apply -auto-approve -input=false >/dev/null 2>&1")
    out = s.sh("terraform output -json")
    write_case("terraform-output-json-sensitive", "terraform output -json", out, [tfpw],
               ['"value": "db.internal.acme.dev"', '"sensitive": true'], G)
    vpw, apikey = password(), rnd(40)
    s.write("vault.yml", f"db_user: app\ndb_password: {vpw}\nmailgun_api_key: key-{apikey}\nreplicas: 3\n")
    s.write(".vpass", rnd(24) + "\n")
    s.sh("ansible-vault encrypt --vault-password-file .vpass vault.yml >/dev/null 2>&1")
    out = s.sh("ansible-vault view --vault-password-file .vpass vault.yml")
    write_case("ansible-vault-view-plaintext", "ansible-vault view --vault-password-file .vpass vault.yml", out,
               [vpw, apikey], ["db_user: app", "replicas: 3"], G)
    out = s.sh("head -n 4 vault.yml")
    write_case("neg-ansible-vault-ciphertext-head", "head -n 4 group_vars/all/vault.yml", out, [],
               out.splitlines(), G)
    awssk = rnd(40, string.ascii_letters + string.digits + "+/")
    s.write("test_sync.py", "def push(cfg):\n    raise PermissionError('AccessDenied')\n\n"
            "def test_push():\n    cfg = {'bucket': 'acme-artifacts', 'aws_secret_access_key': %r, 'region': 'eu-west-1'}\n"
            "    push(cfg)\n" % awssk)
    out = s.sh(f"{PY} -m pytest -q -p no:cacheprovider --showlocals test_sync.py")
    write_case("pytest-showlocals-dict-aws-secret", "pytest -q --showlocals test_sync.py", out, [awssk],
               ["PermissionError: AccessDenied", "1 failed", "acme-artifacts"], G)


def neg_cases(s: Scratch) -> None:
    g = "git -c user.name=dev -c user.email=dev@acme.dev"
    s.sh("git init -q n && cd n && ssh-keygen -q -t ed25519 -N '' -C alice@laptop -f id && echo x > a && git add a && "
         + g + " commit -qm init")
    n = s.work / "n"
    integ = "sha512-" + b64(rnd(48))[:86] + "=="
    s.write("n/package-lock.json", json.dumps({"packages": {"node_modules/left-pad": {
        "version": "1.3.0", "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz", "integrity": integ}}},
        indent=2) + "\n")
    s.sh("mkdir -p keys && cp id.pub keys/alice.pub && git add keys/alice.pub package-lock.json", cwd=n)
    out = s.sh("git diff --cached", cwd=n)
    pub = (n / "id.pub").read_text().split()[1]
    write_case("neg-git-diff-public-key-lockfile", "git diff --cached", out, [],
               [pub, integ, "keys/alice.pub", "left-pad-1.3.0.tgz"], G)
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "branding", "uid": uuid()},
          "binaryData": {"motd.txt": b64("Welcome to the Acme build farm. Be kind to the queue. " * 2)},
          "data": {"checksum": hexs(64), "build": hexs(40)}}
    s.write("cm.json", json.dumps(cm))
    out = s.sh(f"{PY} -c \"import json,sys,yaml; print(yaml.safe_dump(json.load(open('cm.json'))), end='')\" 2>/dev/null "
               f"|| {PY} -m json.tool cm.json")
    write_case("neg-configmap-base64-motd-checksums", "kubectl get configmap branding -o yaml", out, [],
               [cm["binaryData"]["motd.txt"][:60], cm["data"]["checksum"], cm["data"]["build"], cm["metadata"]["uid"]], G)


if __name__ == "__main__":
    R.seed(13_1)
    s = Scratch("h10")
    for part in (wrap_cases, pass_cases, config_cases, kube_case, http_cases, diff_cases, runtime_cases, neg_cases):
        part(s)
    print("ok")
