"""Held-out redaction cases, session 9, part 2: credentials as real tools print them — git credential store and fill,
docker login under bash -x and its config.json, kubectl config view --raw, .netrc, pip config list, .pypirc, npm config
list and .npmrc, a CI env dump, curl -v with auth headers, psql keyword DSNs, JDBC URLs, AWS credentials and
`aws configure list`, a Python traceback, git remotes and gh's hosts.yml. Fake GitHub/GitLab/Slack/Stripe-shaped
tokens; look-alikes (SHAs, UUIDs, checksums, publishable keys, certificate data) that must stay.
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout6/capture_creds.py
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (  # noqa: E402
    ALNUM, DIGITS, R, Scratch, aws_pair, b64, camel, hexs, jwt, rnd, serve, slack_bot, uuid, write_case,
)

G = "heldout-session-9-creds"


def ghp() -> str:
    return "ghp_" + rnd(36)


def glpat() -> str:
    return "glpat-" + rnd(20, ALNUM + "-_")


def pypi() -> str:
    return "pypi-AgEIcHlwaS5vcmc" + rnd(60, ALNUM + "-_")


def git_and_registries(s: Scratch) -> None:
    # 1. git credential store: the global config, the store file, and `git credential fill` answering from it
    t1, t2 = ghp(), glpat()
    s.sh("git config --global user.name 'CI Bot' && git config --global user.email ci@acme.dev && "
         "git config --global credential.helper store && git config --global init.defaultBranch main")
    (s.home / ".git-credentials").write_text(f"https://ci-bot:{t1}@github.com\nhttps://oauth2:{t2}@gitlab.acme.dev\n")
    out = s.sh("git config --global --list; cat ~/.git-credentials; "
               "printf 'protocol=https\\nhost=gitlab.acme.dev\\n\\n' | git credential fill")
    write_case("git-credential-store-and-fill", "git config --global --list; cat ~/.git-credentials; printf "
               "'protocol=https\\nhost=gitlab.acme.dev\\n\\n' | git credential fill", out, [t1, t2],
               ["credential.helper=store", "user.email=ci@acme.dev", "host=gitlab.acme.dev", "username=oauth2",
                "@github.com"], G)

    # 2. git remotes with tokens, next to the commit SHAs of git log
    t3, t4 = "ghs_" + rnd(36), "glcbt-" + rnd(20)
    s.sh(f"git init -q r && cd r && git remote add origin https://x-access-token:{t3}@github.com/acme/ledger.git && "
         f"git remote add mirror https://gitlab-ci-token:{t4}@gitlab.acme.dev/acme/ledger.git && "
         "echo a > a && git add a && git -c user.name=dev -c user.email=dev@acme.dev commit -qm 'add a' && "
         "echo b > b && git add b && git -c user.name=dev -c user.email=dev@acme.dev commit -qm 'add b'")
    out = s.sh("cd r && git remote -v && git log --format='%H %s'")
    shas = [ln.split()[0] for ln in out.splitlines() if ln.endswith(("add a", "add b"))]
    write_case("git-remote-v-tokens-log-shas", "git remote -v && git log --format='%H %s'", out, [t3, t4],
               ["github.com/acme/ledger.git", "gitlab.acme.dev/acme/ledger.git (push)", shas[0], shas[1]], G)

    # 3. docker login fed by echo under bash -x (a local registry answers /v2/), then the config it wrote
    srv = serve()
    dp = "dckr_pat_" + rnd(27, ALNUM + "-_")
    s.write("login.sh", f"set -x\nREGISTRY=127.0.0.1:{srv.server_port}\necho '{dp}' | docker --config ./dcfg login -u acme-ci "
            "--password-stdin \"$REGISTRY\"\ncat dcfg/config.json\n")
    out = s.sh("bash login.sh 2>&1").replace(str(srv.server_port), "5000")
    srv.shutdown()
    auth = b64(f"acme-ci:{dp}")
    write_case("bash-x-docker-login-password-stdin", "bash -x ci/login.sh", out, [dp, auth],
               ["docker --config ./dcfg login -u acme-ci --password-stdin", "Login Succeeded", "127.0.0.1:5000"], G)

    # 4. pip config list reading a pip.conf whose index URLs carry credentials
    pt, np = pypi(), camel(2) + str(R.randint(1000, 9999))
    s.write("pip.conf", f"[global]\nindex-url = https://__token__:{pt}@pypi.acme.dev/simple\n"
            f"extra-index-url = https://deploy:{np}@nexus.acme.dev/repository/pypi/simple\ntrusted-host = nexus.acme.dev\n"
            "timeout = 60\n")
    out = s.sh("PIP_CONFIG_FILE=pip.conf pip config list")
    write_case("pip-config-list-index-url-credentials", "pip config list", out, [pt, np],
               ["global.trusted-host='nexus.acme.dev'", "global.timeout='60'", "__token__", "deploy:", "nexus.acme.dev/repository/pypi/simple"], G)

    # 5. .pypirc with three repositories
    p1, p2, p3 = pypi(), "pypi-AgENdGVzdC5weXBpLm9yZw" + rnd(60, ALNUM + "-_"), rnd(10) + str(R.randint(10, 99))
    (s.home / ".pypirc").write_text(f"[distutils]\nindex-servers =\n    pypi\n    testpypi\n    internal\n\n[pypi]\nusername = __token__\n"
                                     f"password = {p1}\n\n[testpypi]\nrepository = https://test.pypi.org/legacy/\nusername = __token__\n"
                                     f"password = {p2}\n\n[internal]\nrepository = https://nexus.acme.dev/repository/pypi-internal/\n"
                                     f"username = deploy\npassword = {p3}\n")
    out = s.sh("cat ~/.pypirc")
    write_case("cat-pypirc-three-repositories", "cat ~/.pypirc", out, [p1, p2, p3],
               ["index-servers =", "repository = https://test.pypi.org/legacy/", "username = deploy", "[internal]"], G)

    # 6. npm config list (it hides the token itself) and the .npmrc it reads
    nt, na = "npm_" + rnd(36), b64(f"ci:{camel(3)}")
    (s.home / ".npmrc").write_text(f"//registry.npmjs.org/:_authToken={nt}\n@acme:registry=https://npm.acme.dev/\n"
                                    f"//npm.acme.dev/:_auth={na}\n//npm.acme.dev/:always-auth=true\nfund=false\n")
    out = s.sh("npm config list 2>&1 | grep -v '^; node\\|^; npm\\|^; cwd\\|^; HOME'; cat ~/.npmrc")
    write_case("npm-config-list-and-npmrc-authtoken", "npm config list; cat ~/.npmrc", out, [nt, na],
               ["@acme:registry = \"https://npm.acme.dev/\"", "(protected)", "fund=false", "//npm.acme.dev/:always-auth=true"], G)

    # 7. gh's hosts.yml
    go = "gho_" + rnd(36)
    (s.home / ".config/gh").mkdir(parents=True)
    (s.home / ".config/gh/hosts.yml").write_text(f"github.com:\n    users:\n        acme-ci:\n            oauth_token: {go}\n"
                                                  f"    git_protocol: https\n    user: acme-ci\n    oauth_token: {go}\n")
    out = s.sh("cat ~/.config/gh/hosts.yml")
    write_case("cat-gh-hosts-yml-oauth-token", "cat ~/.config/gh/hosts.yml", out, [go],
               ["git_protocol: https", "user: acme-ci", "github.com:"], G)


def cluster_and_cloud(s: Scratch) -> None:
    # 8. kubectl config view --raw: a bearer token, an embedded client key, a basic-auth password; the CA stays
    s.sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj /CN=kube-ca 2>/dev/null && "
         "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out admin.key 2>/dev/null && "
         "openssl req -new -key admin.key -subj /CN=admin -out admin.csr 2>/dev/null && "
         "openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -out admin.crt 2>/dev/null")
    kt = jwt({"iss": "kubernetes/serviceaccount", "sub": "system:serviceaccount:ci:deployer", "n": rnd(12)}, alg="RS256")
    kp = rnd(22)
    kc = "--kubeconfig kc.yaml"
    s.sh(f"kubectl config {kc} set-cluster prod --server=https://10.20.0.1:6443 --certificate-authority=ca.crt --embed-certs && "
         f"kubectl config {kc} set-credentials deployer --token={kt} && "
         f"kubectl config {kc} set-credentials admin --client-certificate=admin.crt --client-key=admin.key --embed-certs && "
         f"kubectl config {kc} set-credentials legacy --username=ops --password={kp} && "
         f"kubectl config {kc} set-context prod --cluster=prod --user=deployer --namespace=ci && kubectl config {kc} use-context prod")
    out = s.sh(f"kubectl config view --raw {kc}")
    # (the base64 of the BEGIN/END lines is the same in every key and certificate: only the body between is secret)
    key_b64 = base64.b64encode((s.work / "admin.key").read_bytes()).decode()
    ca_b64 = base64.b64encode((s.work / "ca.crt").read_bytes()).decode()
    write_case("kubectl-config-view-raw-token-key-password", "kubectl config view --raw", out, [kt, key_b64[40:-40], kp],
               ["server: https://10.20.0.1:6443", "current-context: prod", "username: ops", ca_b64[120:180], "namespace: ci"], G)

    # 9. AWS credentials file and `aws configure list`, which shows only the last four characters
    (a1, s1), (a2, s2) = aws_pair(), aws_pair()
    a2 = "ASIA" + a2[4:]
    st = "IQoJb3JpZ2luX2Vj" + rnd(300, ALNUM + "+/")
    (s.home / ".aws").mkdir()
    (s.home / ".aws/credentials").write_text(f"[default]\naws_access_key_id = {a1}\naws_secret_access_key = {s1}\n\n[ci]\n"
                                              f"aws_access_key_id = {a2}\naws_secret_access_key = {s2}\naws_session_token = {st}\n")
    (s.home / ".aws/config").write_text("[default]\nregion = eu-west-1\n\n[profile ci]\nregion = us-east-2\noutput = json\n")
    out = s.sh("cat ~/.aws/credentials; aws configure list --profile ci")
    write_case("cat-aws-credentials-configure-list", "cat ~/.aws/credentials; aws configure list --profile ci", out,
               [a1, s1, a2, s2, st], ["[ci]", "us-east-2", "shared-credentials-file", "profile"], G)

    # 10. a CI job's env dump: tokens of four vendors and a DSN, beside SHAs, UUIDs, checksums and a publishable key
    env = {**s.env, "GITHUB_TOKEN": ghp(), "GITLAB_TOKEN": glpat(), "SLACK_BOT_TOKEN": slack_bot(),
           "STRIPE_SECRET_KEY": "sk_live_" + rnd(99), "STRIPE_PUBLISHABLE_KEY": "pk_live_" + rnd(99),
           "DATABASE_URL": f"postgres://app:{rnd(24)}@db.acme.internal:5432/app", "GIT_COMMIT": hexs(40),
           "BUILD_ID": uuid(), "ARTIFACT_SHA256": hexs(64), "CI_PIPELINE_ID": rnd(7, DIGITS), "NODE_ENV": "production"}
    out = s.sh("env | sort", env=env)
    pw = env["DATABASE_URL"].split(":")[2].split("@")[0]
    write_case("env-sort-ci-vendor-tokens", "env | sort", out,
               [env["GITHUB_TOKEN"], env["GITLAB_TOKEN"], env["SLACK_BOT_TOKEN"], env["STRIPE_SECRET_KEY"], pw],
               [env["GIT_COMMIT"], env["BUILD_ID"], env["ARTIFACT_SHA256"], env["STRIPE_PUBLISHABLE_KEY"],
                "NODE_ENV=production", "db.acme.internal:5432/app", "CI_PIPELINE_ID=" + env["CI_PIPELINE_ID"]], G)


def clients_and_apps(s: Scratch) -> None:
    # 11. curl -v with an Authorization header and a GitLab PRIVATE-TOKEN header (from variables on the command line)
    srv = serve()
    bt, gt = "github_pat_" + rnd(22) + "_" + rnd(59), glpat()
    rid = uuid()
    env = {**s.env, "GH_PAT": bt, "GL_TOKEN": gt}
    out = s.sh(f"curl -sv -H \"Authorization: Bearer $GH_PAT\" -H 'X-Request-Id: {rid}' http://127.0.0.1:{srv.server_port}/api/v3/user 2>&1; "
               f"curl -sv -H \"PRIVATE-TOKEN: $GL_TOKEN\" http://127.0.0.1:{srv.server_port}/api/v4/projects 2>&1", env=env)
    srv.shutdown()
    out = out.replace(str(srv.server_port), "8080")
    out = "\n".join(ln for ln in out.splitlines() if not ln.startswith("< Date:")) + "\n"
    write_case("curl-v-bearer-and-private-token", f"curl -sv -H \"Authorization: Bearer $GH_PAT\" -H 'X-Request-Id: {rid}' "
               "http://127.0.0.1:8080/api/v3/user; curl -sv -H \"PRIVATE-TOKEN: $GL_TOKEN\" http://127.0.0.1:8080/api/v4/projects",
               out, [bt, gt], ["GET /api/v3/user HTTP/1.1", "HTTP/1.1 200 OK", rid, "GET /api/v4/projects", "Authorization: Bearer"], G)

    # 12. psql with a keyword/value connection string and PGPASSWORD under bash -x, the server refusing
    k1, k2 = rnd(16), camel(2) + str(R.randint(100, 999))
    s.write("report.sh", f"set -x\npsql 'host=127.0.0.1 port=1 dbname=orders user=report password={k1} sslmode=disable connect_timeout=1' "
            f"-c 'select 1'\nPGPASSWORD='{k2}' psql -h 127.0.0.1 -p 1 -U etl -d warehouse -c 'select 1'\necho \"exit=$?\"\n")
    out = s.sh("bash report.sh 2>&1")
    write_case("bash-x-psql-keyword-dsn-pgpassword", "bash -x ops/report.sh", out, [k1, k2],
               ["dbname=orders", "user=report", "psql -h 127.0.0.1 -p 1 -U etl -d warehouse", "Connection refused", "exit=2"], G)

    # 13. JDBC URLs in a Spring properties file, grep'd with line numbers
    j1, j2, j3 = rnd(18), camel(3) + str(R.randint(10, 99)), rnd(14) + "#" + rnd(3)
    s.write("application.properties", "spring.application.name=ledger\n"
            f"spring.datasource.url=jdbc:postgresql://db.acme.internal:5432/orders?user=orders_app&password={j1}&ssl=true\n"
            "spring.datasource.hikari.maximum-pool-size=20\n"
            f"reporting.datasource.url=jdbc:mysql://reporter:{j2}@mysql.acme.internal:3306/bi?useSSL=true\n"
            f"ledger.datasource.url=jdbc:sqlserver://sql01.acme.internal:1433;databaseName=ledger;user=sa;password={j3};encrypt=true\n"
            "spring.jpa.hibernate.ddl-auto=validate\n")
    out = s.sh("grep -n . application.properties")
    write_case("grep-n-application-properties-jdbc", "grep -n . src/main/resources/application.properties", out, [j1, j2, j3],
               ["spring.application.name=ledger", "db.acme.internal:5432/orders?user=orders_app", "maximum-pool-size=20",
                "jdbc:mysql://reporter:", "databaseName=ledger;user=sa;", "encrypt=true", "ddl-auto=validate"], G)

    # 14. a Python traceback: a Slack webhook in the failing call, a Stripe key in the error message
    hook = f"https://hooks.slack.com/services/T{rnd(8, '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ')}/B{rnd(10, '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ')}/{rnd(24)}"
    sk = "sk_live_" + rnd(24)
    s.write("notify.py", "import sys\n\ndef post(url, text):\n    raise ConnectionError(f'POST {url} failed: 503')\n\n"
            f"def charge(key):\n    raise PermissionError(f'Invalid API Key provided: {{key}}')\n\ntry:\n    charge('{sk}')\nexcept PermissionError as e:\n"
            f"    print('stripe:', e, file=sys.stderr)\npost('{hook}', 'deploy 7f3c done')\n")
    out = s.sh("python3 notify.py")
    write_case("python-traceback-slack-webhook-stripe", "python3 tools/notify.py", out, [hook.split("services/")[1], sk],
               ["Traceback (most recent call last):", "ConnectionError", "failed: 503", "hooks.slack.com"], G)

    # 15. .netrc for three machines, printed by cat
    n1, n2 = rnd(32, "0123456789abcdef-"), ghp()
    n3 = camel(2) + str(R.randint(10, 99)) + "!"
    (s.home / ".netrc").write_text(f"machine api.heroku.com\n  login ops@acme.dev\n  password {n1}\nmachine github.com login ci-bot "
                                    f"password {n2}\nmachine ftp.acme.dev\n  login backup\n  password {n3}\n")
    out = s.sh("cat ~/.netrc")
    write_case("cat-netrc-three-machines", "cat ~/.netrc", out, [n1, n2, n3],
               ["machine api.heroku.com", "login ops@acme.dev", "machine github.com login ci-bot", "login backup"], G)


def main() -> None:
    R.seed(9_2)
    s = Scratch("h6creds")
    git_and_registries(s)
    cluster_and_cloud(s)
    clients_and_apps(s)


if __name__ == "__main__":
    main()
