"""Held-out redaction cases, session 11, part 1: credentials as cloud and build CLIs print them — kubectl config view
(not --raw) of an OIDC auth-provider and an exec plugin's env, the real AWS CLI against moto's local server (IAM access
key, STS assume-role, Secrets Manager's escaped JSON, SSM parameters as a table, KMS data key beside its ciphertext,
CloudFormation parameters, ECS task environment, aws --debug's signed headers, a presigned URL), boto3's frozen
credentials, Terraform plan of a non-sensitive variable, Terraform CLI credentials, pip config debug, go env, git's
insteadOf URL, mysql --print-defaults, package-manager credential files, pass, a kubeconfig as one base64 line.
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout8/capture_cli.py (needs /tmp/h8venv, see common.py)
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import (  # noqa: E402
    ALNUM, SDK_PY, R, Scratch, ghp, glpat, hexs, jwt, password, rnd, tfc_token, uuid, write_case,
)

G = "heldout-session-11-cli"
MOTO = "http://127.0.0.1:5078"


def kube(s: Scratch) -> None:
    # 1. kubectl config view WITHOUT --raw: it hides certificate data and tokens, not an auth-provider's config or an
    #    exec plugin's env
    cs, it, rt, es = rnd(32), jwt({"iss": "https://idp.acme.dev", "sub": uuid(), "aud": "kube"}, "RS256"), rnd(43, ALNUM + "-_"), rnd(40, ALNUM + "+/")
    kc = "--kubeconfig kc.yaml"
    s.sh(f"kubectl config {kc} set-cluster prod --server=https://k8s.acme.dev:6443 --insecure-skip-tls-verify && "
         f"kubectl config {kc} set-credentials alice --auth-provider=oidc --auth-provider-arg=idp-issuer-url=https://idp.acme.dev "
         f"--auth-provider-arg=client-id=kubernetes --auth-provider-arg=client-secret={cs} --auth-provider-arg=id-token={it} "
         f"--auth-provider-arg=refresh-token={rt} && kubectl config {kc} set-credentials eks --exec-command=aws "
         f"--exec-api-version=client.authentication.k8s.io/v1beta1 --exec-arg=eks --exec-arg=get-token "
         f"--exec-env=AWS_PROFILE=prod --exec-env=AWS_SECRET_ACCESS_KEY={es} && "
         f"kubectl config {kc} set-context prod --cluster=prod --user=alice && kubectl config {kc} use-context prod")
    out = s.sh(f"kubectl config view {kc}")
    write_case("kubectl-config-view-oidc-exec-env", "kubectl config view", out, [cs, it, rt, es],
               ["server: https://k8s.acme.dev:6443", "client-id: kubernetes", "idp-issuer-url: https://idp.acme.dev",
                "value: prod", "command: aws", "current-context: prod"], G)

    # 2. a kubeconfig pasted into a CI variable as one base64 line
    tok = jwt({"iss": "kubernetes/serviceaccount", "sub": "system:serviceaccount:ci:deployer", "n": rnd(12)}, "RS256")
    s.sh(f"kubectl config --kubeconfig ci.yaml set-cluster ci --server=https://10.8.0.1:6443 && kubectl config --kubeconfig "
         f"ci.yaml set-credentials deployer --token={tok} && kubectl config --kubeconfig ci.yaml set-context ci --cluster=ci "
         "--user=deployer")
    raw = (s.work / "ci.yaml").read_bytes()
    enc, at = base64.b64encode(raw).decode(), raw.index(tok.encode())
    tok_b64 = enc[(at // 3 + 1) * 4:((at + len(tok)) // 3) * 4]  # the base64 characters that encode the token alone
    out = s.sh("echo \"KUBECONFIG_B64 ($(wc -c < ci.yaml) bytes):\"; base64 -w0 ci.yaml; echo; echo 'paste it into Settings > CI/CD > Variables'")
    write_case("base64-w0-kubeconfig-for-ci", "echo ...; base64 -w0 ci.yaml; echo ...", out, [tok_b64],
               ["KUBECONFIG_B64", "bytes\\):", "paste it into Settings"], G, literal=False)


def aws(s: Scratch) -> None:
    env = {**s.env, "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
           "AWS_DEFAULT_REGION": "eu-west-1"}
    srv = subprocess.Popen(["/tmp/h8venv/bin/moto_server", "-p", MOTO.rsplit(":", 1)[1]], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    time.sleep(4)
    a = f"aws --endpoint-url {MOTO}"

    def run(cmd: str) -> str:
        return s.sh(cmd, env=env).replace(MOTO, "https://aws.acme.internal")
    try:
        # 3. iam create-access-key
        run(f"{a} iam create-user --user-name ci-deployer")
        out = run(f"{a} iam create-access-key --user-name ci-deployer")
        k = json.loads(out)["AccessKey"]
        write_case("aws-iam-create-access-key", "aws iam create-access-key --user-name ci-deployer", out,
                   [k["AccessKeyId"], k["SecretAccessKey"]], ['"UserName": "ci-deployer"', '"Status": "Active"', '"CreateDate"'], G)

        # 4. sts assume-role
        out = run(f"{a} sts assume-role --role-arn arn:aws:iam::123456789012:role/deploy --role-session-name gh-actions-4711")
        c = json.loads(out)["Credentials"]
        write_case("aws-sts-assume-role", "aws sts assume-role --role-arn arn:aws:iam::123456789012:role/deploy "
                   "--role-session-name gh-actions-4711", out, [c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]],
                   ["arn:aws:sts::123456789012:assumed-role/deploy/gh-actions-4711", '"PackedPolicySize"', '"Expiration"'], G)

        # 5. secretsmanager: the secret is a JSON string inside the JSON answer
        pw, key = password(), "sk_live_51" + rnd(97)
        body = json.dumps({"username": "orders_app", "password": pw, "host": "orders.cluster-c1x2.eu-west-1.rds.amazonaws.com",
                           "port": 5432, "stripe_key": key})
        run(f"{a} secretsmanager create-secret --name prod/orders/db --secret-string '{body}'")
        out = run(f"{a} secretsmanager get-secret-value --secret-id prod/orders/db")
        vid = json.loads(out)["VersionId"]
        write_case("aws-secretsmanager-get-secret-value", "aws secretsmanager get-secret-value --secret-id prod/orders/db", out,
                   [pw, key], ['"Name": "prod/orders/db"', vid, "AWSCURRENT", "orders_app", "orders.cluster-c1x2.eu-west-1.rds.amazonaws.com"], G)

        # 6. ssm parameters by path, decrypted, as the CLI's table
        dbp, tok = password(), ghp()
        for name, typ, val in (("/prod/app/db_password", "SecureString", dbp), ("/prod/app/github_token", "SecureString", tok),
                               ("/prod/app/log_level", "String", "info"), ("/prod/app/db_host", "String", "db.prod.acme.internal")):
            run(f"{a} ssm put-parameter --name {name} --type {typ} --value '{val}'")
        out = run(f"{a} ssm get-parameters-by-path --path /prod/app --with-decryption --output table "
                  "--query 'Parameters[].{Name:Name,Type:Type,Value:Value}'")
        write_case("aws-ssm-get-parameters-by-path-table", "aws ssm get-parameters-by-path --path /prod/app --with-decryption "
                   "--output table --query 'Parameters[].{Name:Name,Type:Type,Value:Value}'", out, [dbp, tok],
                   ["/prod/app/log_level", "db.prod.acme.internal", "SecureString", "GetParametersByPath"], G)

        # 7. kms generate-data-key: the plaintext key is secret, its ciphertext is not
        kid = run(f"{a} kms create-key --description orders --query KeyMetadata.KeyId --output text").strip()
        out = run(f"{a} kms generate-data-key --key-id {kid} --key-spec AES_256")
        d = json.loads(out)
        write_case("aws-kms-generate-data-key", f"aws kms generate-data-key --key-id {kid} --key-spec AES_256", out,
                   [d["Plaintext"]], [d["CiphertextBlob"][-40:], kid], G)

        # 8. cloudformation: a template parameter without NoEcho comes back in describe-stacks
        cpw = password()
        s.write("stack.json", json.dumps({"Parameters": {"DbPassword": {"Type": "String"}, "Env": {"Type": "String"}},
                                          "Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}))
        run(f"{a} cloudformation create-stack --stack-name orders --template-body file://stack.json --parameters "
            f"ParameterKey=DbPassword,ParameterValue='{cpw}' ParameterKey=Env,ParameterValue=prod")
        out = run(f"{a} cloudformation describe-stacks --stack-name orders --query 'Stacks[0].[StackName,StackStatus,Parameters]'")
        write_case("aws-cloudformation-describe-stacks-parameters", "aws cloudformation describe-stacks --stack-name orders "
                   "--query 'Stacks[0].[StackName,StackStatus,Parameters]'", out, [cpw],
                   ['"ParameterKey": "DbPassword"', '"ParameterValue": "prod"', "CREATE_COMPLETE"], G)

        # 9. ecs task definition: environment name/value pairs beside secrets by reference
        sg, rp = "SG." + rnd(22, ALNUM + "-_") + "." + rnd(43, ALNUM + "-_"), password()
        td = {"family": "mailer", "containerDefinitions": [{"name": "mailer", "image": "acme/mailer:1.4.2", "memory": 256,
              "environment": [{"name": "SENDGRID_API_KEY", "value": sg}, {"name": "REDIS_URL", "value": f"rediss://:{rp}@cache.acme.internal:6380/0"},
                              {"name": "LOG_LEVEL", "value": "debug"}],
              "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"}]}]}
        s.write("td.json", json.dumps(td))
        out = run(f"{a} ecs register-task-definition --cli-input-json file://td.json --query 'taskDefinition.containerDefinitions[0]'")
        write_case("aws-ecs-register-task-definition-env", "aws ecs register-task-definition --cli-input-json file://td.json "
                   "--query 'taskDefinition.containerDefinitions[0]'", out, [sg, rp],
                   ["acme/mailer:1.4.2", '"value": "debug"', "secret:prod/db-AbCdEf", "cache.acme.internal:6380/0"], G)

        # 10. aws --debug: botocore prints the signed request's headers as bytes
        ak, sk = "ASIA" + rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), rnd(40, ALNUM + "+/")
        st = "IQoJb3JpZ2luX2VjE" + rnd(300, ALNUM + "+/")
        dbg = {**env, "AWS_ACCESS_KEY_ID": ak, "AWS_SECRET_ACCESS_KEY": sk, "AWS_SESSION_TOKEN": st}
        out = s.sh(f"{a} --debug sqs list-queues 2>&1 | grep -E 'Sending http request|Making request for|Response headers' | "
                   "cut -c1-2000", env=dbg).replace(MOTO, "https://aws.acme.internal")
        write_case("aws-debug-signed-request-headers", "aws --debug sqs list-queues 2>&1 | grep -E 'Sending http request|"
                   "Making request for|Response headers'", out, [st], ["Sending http request", "AWS4-HMAC-SHA256", "SignedHeaders="], G)
    finally:
        srv.terminate()

    # 11. a presigned S3 URL (SigV4, temporary credentials): the URL is the credential
    ak, sk = "ASIA" + rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), rnd(40, ALNUM + "+/")
    st = "IQoJb3JpZ2luX2VjE" + rnd(300, ALNUM + "+/")
    pre = {**env, "AWS_ACCESS_KEY_ID": ak, "AWS_SECRET_ACCESS_KEY": sk, "AWS_SESSION_TOKEN": st}
    (s.home / ".aws").mkdir(exist_ok=True)
    (s.home / ".aws/config").write_text("[default]\ns3 =\n    signature_version = s3v4\n")
    out = s.sh("aws s3 presign s3://acme-exports/2026/11/orders.csv --expires-in 3600 --region eu-west-1", env=pre)
    sig = out.strip().rsplit("X-Amz-Signature=", 1)[1]
    write_case("aws-s3-presign-sigv4-session", "aws s3 presign s3://acme-exports/2026/11/orders.csv --expires-in 3600", out,
               [urllib.parse.quote(st, safe=""), sig], ["acme-exports", "2026/11/orders.csv", "X-Amz-Expires=3600"], G)

    # 12. boto3's frozen credentials printed while debugging
    s.write("who.py", "import boto3\ns = boto3.Session(region_name='eu-west-1')\nprint('profile', s.profile_name)\n"
            "print(s.get_credentials().get_frozen_credentials())\n")
    out = s.sh(f"{SDK_PY} who.py", env=pre)
    write_case("boto3-frozen-credentials-repr", "python3 who.py", out, [ak, sk, st], ["profile default", "ReadOnlyCredentials("], G)


def build_tools(s: Scratch) -> None:
    # 13. terraform plan of built-in terraform_data whose input comes from a variable not marked sensitive
    dpw, tk = password(), rnd(40)
    s.write("tf/main.tf", 'variable "db_password" {}\nvariable "api_token" {\n  sensitive = true\n}\n'
            'resource "terraform_data" "app" {\n  input = {\n    db_url  = "postgres://orders:${var.db_password}@db.internal:5432/orders"\n'
            '    token   = var.api_token\n    replicas = 3\n  }\n}\n')
    env = {**s.env, "TF_VAR_db_password": dpw, "TF_VAR_api_token": tk, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    out = s.sh("cd tf && terraform init -input=false -no-color >/dev/null && terraform plan -input=false -no-color", env=env)
    write_case("terraform-plan-non-sensitive-variable", "terraform plan -input=false -no-color", out, [dpw],
               ["terraform_data.app will be created", "db.internal:5432/orders", "replicas = 3", "(sensitive value)",
                "Plan: 1 to add, 0 to change, 0 to destroy."], G)

    # 14. Terraform CLI credentials (terraform login's JSON file and a .terraformrc block)
    t1, t2 = tfc_token(), tfc_token()
    (s.home / ".terraform.d").mkdir()
    (s.home / ".terraform.d/credentials.tfrc.json").write_text(json.dumps({"credentials": {"app.terraform.io": {"token": t1}}}, indent=2) + "\n")
    (s.home / ".terraformrc").write_text(f'plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"\n\ncredentials "tfe.acme.dev" {{\n  token = "{t2}"\n}}\n')
    out = s.sh("tail -n +1 ~/.terraform.d/credentials.tfrc.json ~/.terraformrc")
    write_case("tail-terraform-cli-credentials", "tail -n +1 ~/.terraform.d/credentials.tfrc.json ~/.terraformrc", out, [t1, t2],
               ['"app.terraform.io"', 'credentials "tfe.acme.dev"', "plugin_cache_dir"], G)

    # 15. pip config debug with an index URL in the environment
    pt, pp = "pypi-AgEIcHlwaS5vcmc" + rnd(70, ALNUM + "-_"), password()
    env = {**s.env, "PIP_INDEX_URL": f"https://__token__:{pt}@upload.acme.dev/simple",
           "PIP_EXTRA_INDEX_URL": f"https://ci:{pp}@nexus.acme.dev/repository/pypi/simple", "PIP_DEFAULT_TIMEOUT": "60"}
    out = s.sh(f"{sys.executable} -m pip config debug", env=env)
    write_case("pip-config-debug-env-index-urls", "pip config debug", out, [pt, pp],
               ["PIP_DEFAULT_TIMEOUT='60'", "nexus.acme.dev/repository/pypi/simple", "upload.acme.dev/simple", "env_var:"], G)

    # 16. go env with a private proxy's credentials
    gp = rnd(40, "0123456789abcdef")
    env = {**s.env, "GOPROXY": f"https://go-reader:{gp}@athens.acme.dev,https://proxy.golang.org,direct", "GOPRIVATE": "go.acme.dev/*",
           "GOFLAGS": "-mod=readonly", "GOPATH": "/home/dev/go", "GOCACHE": "/tmp/build/gocache"}
    out = s.sh("go env | grep -E '^GO(PROXY|PRIVATE|NOSUMDB|NOPROXY|FLAGS|VERSION)='", env=env)
    write_case("go-env-goproxy-credentials", "go env | grep -E '^GO(PROXY|PRIVATE|NOSUMDB|NOPROXY|FLAGS|VERSION)='", out, [gp],
               ['GOPRIVATE="go.acme.dev/*"', "athens.acme.dev,https://proxy.golang.org,direct", 'GOFLAGS="-mod=readonly"'], G)

    # 17. git config -l: a credential URL as the NAME of an insteadOf rule
    gl, gh = glpat(), ghp()
    out = s.sh(f"git config --global url.\"https://oauth2:{gl}@gitlab.acme.dev/\".insteadOf https://gitlab.acme.dev/ && "
               f"git config --global url.\"https://x-access-token:{gh}@github.com/acme/\".insteadOf git@github.com:acme/ && "
               "git config --global user.email dev@acme.dev && git config --global pull.rebase true && git config --global -l")
    write_case("git-config-insteadof-credential-urls", "git config --global -l", out, [gl, gh],
               [".insteadof=https://gitlab.acme.dev/", ".insteadof=git@github.com:acme/", "user.email=dev@acme.dev", "pull.rebase=true"], G)

    # 18. mysql --print-defaults and my_print_defaults
    mp = password() + "$x"
    s.write("my.cnf", f"[client]\nuser=reporting\npassword=\"{mp}\"\nhost=mysql.acme.internal\nport=3306\n\n[mysqldump]\nsingle-transaction\n")
    out = s.sh("mysql --defaults-file=my.cnf --print-defaults; my_print_defaults --defaults-file=my.cnf client mysqldump")
    write_case("mysql-print-defaults", "mysql --defaults-file=my.cnf --print-defaults; my_print_defaults --defaults-file=my.cnf "
               "client mysqldump", out, [mp], ["--user=reporting", "--host=mysql.acme.internal", "--port=3306", "--single-transaction",
                                              "would have been started with the following arguments"], G)

    # 19. cargo, gem, composer and bundler credentials
    ct, rg, co, bt = "cio" + rnd(32), "rubygems_" + hexs(48), ghp(), ghp()
    (s.home / ".cargo").mkdir()
    (s.home / ".cargo/credentials.toml").write_text(f'[registry]\ntoken = "{ct}"\n\n[registries.acme]\ntoken = "Bearer {rnd(40)}"\n')
    (s.home / ".gem").mkdir()
    (s.home / ".gem/credentials").write_text(f"---\n:rubygems_api_key: {rg}\n")
    (s.home / ".composer").mkdir()
    cpw = password()
    (s.home / ".composer/auth.json").write_text(json.dumps({"github-oauth": {"github.com": co}, "http-basic": {
        "repo.packagist.com": {"username": "token", "password": cpw}}}, indent=4) + "\n")
    s.write(".bundle/config", f'---\nBUNDLE_PATH: "vendor/bundle"\nBUNDLE_GITHUB__COM: "x-access-token:{bt}"\n')
    cr = (s.home / ".cargo/credentials.toml").read_text().split("Bearer ")[1].split('"')[0]
    out = s.sh("head -n 20 ~/.cargo/credentials.toml ~/.gem/credentials ~/.composer/auth.json .bundle/config")
    write_case("head-cargo-gem-composer-bundler-credentials", "head -n 20 ~/.cargo/credentials.toml ~/.gem/credentials "
               "~/.composer/auth.json .bundle/config", out, [ct, cr, rg, co, cpw, bt],
               ["[registries.acme]", '"username": "token"', 'BUNDLE_PATH: "vendor/bundle"', "repo.packagist.com", "==> .bundle/config <=="], G)

    # 20. pass: a multi-line entry, the password alone on its first line
    pw = rnd(24, ALNUM + "!#%&*")
    genv = {**s.env, "GNUPGHOME": str(s.tmp / "gnupg"), "PASSWORD_STORE_DIR": str(s.tmp / "store")}
    (s.tmp / "gnupg").mkdir(mode=0o700)
    s.sh("gpg --batch --passphrase '' --quick-gen-key 'Dev <dev@acme.dev>' ed25519 cert 2>/dev/null && "
         "gpg --batch --passphrase '' --quick-add-key $(gpg --list-keys --with-colons | awk -F: '/^fpr/{print $10; exit}') cv25519 encr 2>/dev/null && "
         "pass init dev@acme.dev >/dev/null", env=genv)
    s.sh(f"printf '%s\\n' '{pw}' 'username: orders_admin' 'url: https://console.acme.dev' 'note: rotated 2026-11-01' | "
         "pass insert -m prod/orders-console >/dev/null", env=genv)
    out = s.sh("pass show prod/orders-console", env=genv)
    write_case("pass-show-multiline-entry", "pass show prod/orders-console", out, [pw],
               ["username: orders_admin", "url: https://console.acme.dev", "rotated 2026-11-01"], G)


if __name__ == "__main__":
    R.seed(11_1)
    s = Scratch("h8cli")
    kube(s)
    aws(s)
    build_tools(s)
    print("ok", s.tmp)
