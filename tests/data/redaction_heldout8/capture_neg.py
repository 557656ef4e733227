"""Held-out redaction cases, session 11, part 4: look-alikes that must survive — gcloud's sign-in URL (state, PKCE
challenge), WebSocket keys and content digests in headers, the public halves printed from private key files, AWS answers
full of ids, ETags and a KMS ciphertext, webhook signatures, sha512 digests in base64 (an Azure key's width), armoured
ciphertext (age, gpg), Stripe object ids and a test publishable key, SSHFP records.
Written before running the redactor on them.
Run: .venv/bin/python tests/data/redaction_heldout8/capture_neg.py (needs /tmp/h8venv, see common.py)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, Scratch, b64, hexs, rnd, serve, uuid, write_case  # noqa: E402

G = "heldout-session-11-neg"


def main(s: Scratch) -> None:
    # 1. gcloud auth login --no-launch-browser: the URL's state and code_challenge are no secrets
    env = {**s.env, "CLOUDSDK_CONFIG": str(s.tmp / "gcloud")}
    out = s.sh("timeout 60 gcloud auth login --no-launch-browser < /dev/null 2>&1 | head -n 6", env=env)
    ch = out.split("code_challenge=", 1)[1].split("&", 1)[0]
    write_case("neg-gcloud-auth-login-url", "gcloud auth login --no-launch-browser", out, [],
               ["client_id=32555940559.apps.googleusercontent.com", f"code_challenge={ch}", "code_challenge_method=S256",
                "state=" + out.split("state=", 1)[1].split("&", 1)[0], "enter the verification code"], G)

    # 2. curl -v: a WebSocket key, content digests, an S3-style request id pair, an ETag
    acc = b64(rnd(20))[:27] + "="
    md5, dig, id2 = b64(rnd(16))[:22] + "==", b64(rnd(32))[:43] + "=", b64(rnd(60))
    srv = serve([("ETag", f'W/"{hexs(40)}"'), ("Content-MD5", md5), ("Digest", f"sha-256={dig}"), ("x-amz-id-2", id2),
                 ("x-amz-request-id", rnd(16, "0123456789ABCDEF")), ("Sec-WebSocket-Accept", acc)])
    wk = b64(rnd(16))[:22] + "=="
    out = s.sh(f"curl -sv -H 'Sec-WebSocket-Key: {wk}' -H 'Sec-WebSocket-Version: 13' http://127.0.0.1:{srv.server_port}/ws/feed 2>&1")
    out = out.replace(str(srv.server_port), "8080")
    srv.shutdown()
    write_case("neg-curl-v-websocket-digest-headers", "curl -sv -H 'Sec-WebSocket-Key: …' http://127.0.0.1:8080/ws/feed", out, [],
               [wk, acc, md5, dig, id2], G)

    # 3. public halves printed from private key files
    s.sh("age-keygen -o age.txt 2>/dev/null; wg genkey > wg.key; ssh-keygen -q -t ed25519 -N '' -C ops@acme -f id_ops; "
         "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server.key 2>/dev/null")
    out = s.sh("age-keygen -y age.txt; wg pubkey < wg.key; ssh-keygen -y -f id_ops; openssl pkey -in server.key -pubout")
    lines = out.splitlines()
    write_case("neg-public-halves-of-private-key-files", "age-keygen -y age.txt; wg pubkey < wg.key; ssh-keygen -y -f id_ops; "
               "openssl pkey -in server.key -pubout", out, [], [lines[0], lines[1], lines[2].split()[1], lines[4]], G)

    # 4. AWS answers: caller identity, an object's ETag and version, a KMS ciphertext (moto's local server)
    env = {**s.env, "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
           "AWS_DEFAULT_REGION": "eu-west-1"}
    srv = subprocess.Popen(["/tmp/h8venv/bin/moto_server", "-p", "5079"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    a = "aws --endpoint-url http://127.0.0.1:5079"
    try:
        s.write("report.csv", "id,total\n1,10\n")
        s.sh(f"{a} s3api create-bucket --bucket acme-reports --create-bucket-configuration LocationConstraint=eu-west-1 && "
             f"{a} s3api put-bucket-versioning --bucket acme-reports --versioning-configuration Status=Enabled", env=env)
        kid = s.sh(f"{a} kms create-key --query KeyMetadata.KeyId --output text", env=env).strip()
        out = s.sh(f"{a} sts get-caller-identity && {a} s3api put-object --bucket acme-reports --key q4.csv --body report.csv && "
                   f"{a} kms encrypt --key-id {kid} --plaintext fileb://report.csv", env=env).replace("http://127.0.0.1:5079", "")
    finally:
        srv.terminate()
    d = [json.loads(x) for x in ("{" + p for p in out.strip()[1:].split("\n{"))]
    write_case("neg-aws-ids-etag-version-ciphertext", "aws sts get-caller-identity && aws s3api put-object --bucket acme-reports "
               "--key q4.csv --body report.csv && aws kms encrypt --key-id … --plaintext fileb://report.csv", out, [],
               [d[0]["Account"], d[0]["Arn"], d[1]["ETag"].strip('"'), d[1]["VersionId"], d[2]["CiphertextBlob"][-48:], kid], G)

    # 5. a webhook receiver's log: signatures of payloads and delivery ids are not secrets
    body = json.dumps({"action": "completed", "check_run": {"id": 4711}})
    gh = "sha256=" + hmac.new(rnd(32).encode(), body.encode(), hashlib.sha256).hexdigest()
    ts = "1795000000"
    st = f"t={ts},v1=" + hmac.new(rnd(32).encode(), f"{ts}.{body}".encode(), hashlib.sha256).hexdigest()
    srv = serve()
    out = s.sh(f"curl -sv -X POST -H 'X-GitHub-Event: check_run' -H 'X-GitHub-Delivery: {uuid()}' -H 'X-Hub-Signature-256: {gh}' "
               f"-H 'Stripe-Signature: {st}' -H 'Content-Type: application/json' -d '{body}' "
               f"http://127.0.0.1:{srv.server_port}/hooks 2>&1").replace(str(srv.server_port), "8080")
    srv.shutdown()
    write_case("neg-curl-v-webhook-signatures", "curl -sv -X POST -H 'X-Hub-Signature-256: …' -H 'Stripe-Signature: …' "
               "http://127.0.0.1:8080/hooks", out, [], [gh, st, "X-GitHub-Event: check_run"], G)

    # 6. sha512 digests in base64 (88 characters, an Azure storage key's width)
    for n in range(3):
        s.write(f"dist/pkg-{n}.tgz", rnd(200))
    out = s.sh("for f in dist/*.tgz; do printf '%s  sha512-%s\\n' \"$f\" \"$(openssl dgst -sha512 -binary \"$f\" | base64 -w0)\"; done")
    write_case("neg-openssl-sha512-base64-digests", "for f in dist/*.tgz; do … openssl dgst -sha512 -binary \"$f\" | base64 -w0; done",
               out, [], [ln.split("sha512-")[1] for ln in out.splitlines()], G)

    # 7. armoured ciphertext: age to a recipient, gpg symmetric — the bodies are no keys
    s.write("notes.txt", "release checklist\n" * 20)
    rcp = s.sh("age-keygen -y age.txt").strip()
    genv = {**s.env, "GNUPGHOME": str(s.tmp / "gnupg")}
    (s.tmp / "gnupg").mkdir(mode=0o700)
    out = s.sh(f"age -a -r {rcp} notes.txt; gpg --batch --pinentry-mode loopback --passphrase-fd 0 --symmetric --armor -o - notes.txt "
               "<<< 'not-a-real-passphrase' 2>/dev/null", env=genv)
    blocks = [ln for ln in out.splitlines() if ln and not ln.startswith("-----") and len(ln) >= 40]
    write_case("neg-armoured-ciphertext-age-gpg", "age -a -r age1… notes.txt; gpg --symmetric --armor -o - notes.txt", out, [],
               ["BEGIN AGE ENCRYPTED FILE", "BEGIN PGP MESSAGE", blocks[1], blocks[-2]], G)

    # 8. Stripe objects: ids and a test publishable key are not secrets
    ids = {"account": "acct_" + rnd(16), "customer": "cus_" + rnd(14), "payment_intent": "pi_" + rnd(24),
           "charge": "ch_" + rnd(24), "price": "price_" + rnd(24), "publishable_key": "pk_test_51" + rnd(97)}
    s.write("pi.json", json.dumps({"id": ids["payment_intent"], "object": "payment_intent", "amount": 4200, "currency": "eur",
                                   "customer": ids["customer"], "latest_charge": ids["charge"], "status": "succeeded",
                                   "metadata": {"price": ids["price"], "account": ids["account"]},
                                   "client_config": {"publishable_key": ids["publishable_key"]}}))
    out = s.sh("jq . pi.json")
    write_case("neg-jq-stripe-object-ids", "jq . pi.json", out, [], list(ids.values()), G)

    # 9. SSHFP records and fingerprints of a host key
    s.sh("ssh-keygen -q -t ed25519 -N '' -f host_ed25519 && ssh-keygen -q -t rsa -b 2048 -N '' -f host_rsa")
    out = s.sh("ssh-keygen -r web.acme.dev -f host_ed25519.pub; ssh-keygen -r web.acme.dev -f host_rsa.pub; "
               "ssh-keygen -lf host_rsa.pub")
    write_case("neg-ssh-keygen-sshfp-records", "ssh-keygen -r web.acme.dev -f host_ed25519.pub; … -lf host_rsa.pub", out, [],
               [ln.split()[-1] for ln in out.splitlines() if "SSHFP" in ln] + [out.splitlines()[-1].split()[1]], G)


if __name__ == "__main__":
    R.seed(11_4)
    main(Scratch("h8neg"))
    print("ok")
