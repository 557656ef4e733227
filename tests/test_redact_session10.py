"""Session 10 rules (what tests/data/redaction_heldout7 showed, and the two gaps sessions 8-9 left): key files named
without a key's extension or read on stdin, a private JWK's members, a vendor prefix with filler, Stripe's publishable
key, certificates in a Kubernetes secret, a base64 run closed by a public END line (whole and streamed), terraform
state's `"value"` before its `"sensitive": true`. Values here are our own, not the set's; each case is checked
whole-text, streamed line by line and for idempotence."""

from __future__ import annotations

import base64
import random

import pytest

from terminus_edge.redact import StreamRedactor, redact, redact_lines
from terminus_edge.redact.keyfrag import MAX_HELD_RUN, MAX_RUN, reads_key_file


def _streamed(text: str, command: str | None = None) -> str:
    return "".join(redact_lines(text.splitlines(keepends=True), command=command))


def _check(text: str, gone: list[str], kept: list[str], command: str | None = None) -> str:
    out = redact(text, command=command)
    assert not [g for g in gone if g in out], out
    assert not [k for k in kept if k not in out], out
    assert _streamed(text, command) == out and redact(out, command=command) == out
    return out


def _b64_lines(n_bytes: int, seed: int, width: int = 64) -> list[str]:
    b64 = base64.b64encode(random.Random(seed).randbytes(n_bytes)).decode()
    return [b64[i:i + width] for i in range(0, len(b64), width)]


@pytest.mark.parametrize("command", [
    "awk 'NR==14' /etc/ssh/ssh_host_ed25519_key", "sed -n 9,10p ~/.ssh/deploy_key", "sed -n 12p < tls/server.key",
    "awk NR==3 <certs/ca-key", "head -n 20 keys/signing-private | tail -n 1", "cat -n secrets/privkey",
])
def test_one_line_of_a_key_file_named_so_is_masked(command):
    line = _b64_lines(48, 1)[0]
    assert reads_key_file(command)
    _check(line + "\n", [line], [], command)


@pytest.mark.parametrize("command", [
    "awk 'NR==14' ~/.ssh/authorized_keys", "sed -n 2p ssh_host_rsa_key.pub", "cat ~/.config/app/api_key",
    "sed -n 1p < dist/app.js", "openssl dgst -sha384 -binary dist/app.js | base64", "awk NR==2 keys.txt",
])
def test_other_files_are_no_key_files(command):
    assert not reads_key_file(command)


def test_a_lone_base64_line_without_a_command_stays():
    """A sha384 digest in base64 is a PEM line's width and no padding: nothing but a command tells them apart."""
    line = base64.b64encode(random.Random(2).randbytes(48)).decode()
    assert len(line) == 64 and redact(line + "\n") == line + "\n"


def test_a_private_jwk_loses_its_private_members_only():
    d, p, q, k = (base64.urlsafe_b64encode(random.Random(s).randbytes(n)).decode().rstrip("=") for s, n in
                  ((3, 256), (4, 128), (5, 128), (6, 32)))
    n = base64.urlsafe_b64encode(random.Random(7).randbytes(256)).decode().rstrip("=")
    text = f'{{\n  "kty": "RSA",\n  "n": "{n}",\n  "e": "AQAB",\n  "d": "{d}",\n  "p": "{p}",\n  "q": "{q}"\n}}\n'
    _check(text, [d, p, q], [n, '"e": "AQAB"', '"kty": "RSA"'])
    _check(f"{{ kty: 'oct', k: '{k}', alg: 'HS256' }}\n", [k], ["alg: 'HS256'"])
    _check('{"d": "2026-11-26", "p": "page-2", "q": "search words here"}\n', [], ['"d": "2026-11-26"', '"q": "search'])


@pytest.mark.parametrize("text", [
    "STRIPE_WEBHOOK_SECRET=whsec_xxxxxxxxxxxxxxxxxxxx\n", "export HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    "GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n", "api_key: sk_live_xxxxxxxxxxxx\n",
    "NEXT_PUBLIC_STRIPE_KEY=pk_live_51Hc8AbCdEfGhIjKlMnOpQrStUv\n", "stripe_key = pk_test_51Hc8AbCdEfGhIjKlMnOpQr\n",
])
def test_filler_after_a_vendor_prefix_and_publishable_keys_stay(text):
    _check(text, [], [text.strip().split("=")[-1].split(": ")[-1].split(" ")[-1]])


def test_real_tokens_beside_filler_still_go():
    _check("STRIPE_KEY=sk_live_51Hc8AbCdEfGhIjKlMnOpQr\nWEBHOOK=whsec_Q2x7Lp9KdW3vRt8ZyBn4Mh6Jf\n",
           ["51Hc8AbCdEfGhIjKlMnOpQr", "Q2x7Lp9KdW3vRt8ZyBn4Mh6Jf"], ["STRIPE_KEY=", "WEBHOOK="])


def test_a_kubernetes_secret_keeps_its_certificates():
    crt = base64.b64encode(b"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n").decode()
    key = base64.b64encode(b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHq\n-----END PRIVATE KEY-----\n").decode()
    both = base64.b64encode(base64.b64decode(crt) + base64.b64decode(key)).decode()
    pw = base64.b64encode(b"Tq8vNz2LmW4x").decode()
    text = (f"apiVersion: v1\nkind: Secret\ndata:\n  ca.crt: {crt}\n  tls.key: {key}\n  bundle.pem: {both}\n"
            f"  password: {pw}\ntype: kubernetes.io/tls\n")
    _check(text, [key, both, pw], [crt])


def test_a_run_closed_by_a_public_end_line_is_public_whole_and_streamed():
    body = _b64_lines(1500, 8)  # 32 lines of 64: random bytes, a key's body by its width
    for tail in (body[-12:], body[-30:]):
        text = "\n".join(tail + ["=Ab3x", "-----END PGP PUBLIC KEY BLOCK-----"]) + "\n"
        _check(text, [], tail)
    secret = "\n".join(body[-12:] + ["=Ab3x", "-----END PGP PRIVATE KEY BLOCK-----"]) + "\n"
    _check(secret, body[-12:], ["-----END PGP PRIVATE KEY BLOCK-----"])
    plain = "\n".join(body[-12:] + ["done"]) + "\n"
    _check(plain, body[-12:], ["done"])


def test_the_stream_holds_only_a_run_judged_by_width_and_at_most_max_held_run_lines():
    stream = StreamRedactor()
    text_lines = [base64.b64encode(f"line {i} of a plain text document....".encode()).decode() + "\n" for i in range(20)]
    outs = [stream.feed(x) for x in text_lines]
    assert outs[MAX_RUN - 1]  # base64 of text: no key by any judgement, let go every MAX_RUN lines
    stream = StreamRedactor()
    lines = [x + "\n" for x in _b64_lines(64 * 48, 9)][:MAX_HELD_RUN + 3]
    outs = [stream.feed(x) for x in lines]
    assert not any(outs[:MAX_HELD_RUN - 1]) and outs[MAX_HELD_RUN - 1].count("[REDACTED:private-key]") == MAX_HELD_RUN
    assert "".join(outs) + stream.flush() == "[REDACTED:private-key]\n" * len(lines)


def test_terraform_state_value_before_sensitive_is_masked_streamed():
    text = ('{\n  "outputs": {\n    "db_password": {\n      "value": "Rw7kLp2Vx9Qz",\n      "type": "string",\n'
            '      "sensitive": true\n    },\n    "db_user": {\n      "value": "orders_admin",\n      "type": "string"\n'
            '    }\n  }\n}\n')
    _check(text, ["Rw7kLp2Vx9Qz"], ['"value": "orders_admin"', '"sensitive": true'])
