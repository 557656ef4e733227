"""Held-out redaction cases, session 6, part 4: negatives. Output of real tools full of things that look like
secrets or talk about them but are not: password prompts with nothing after them, --password-stdin, test names,
CLI --help text, lockfile / npm pack / pip hash digests, git ids, UUIDs, trace ids, version strings, base64 of
ordinary text, model config token fields, a kubectl ConfigMap. Every value listed must survive redaction.
Run: .venv/bin/python tests/data/redaction_heldout3/capture_neg.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import R, hexs, uuid, write_case  # noqa: E402
from tools import VENV_PY, Scratch  # noqa: E402

G = "heldout-session-6-real"


def main() -> None:
    s = Scratch("neg")

    # 1. prompts and messages about passwords with no password in them (a session transcript)
    out = ("$ sudo -k; sudo apt-get update\n[sudo] password for dana: \nSorry, try again.\n[sudo] password for dana: \n"
           "Hit:1 http://deb.debian.org/debian bookworm InRelease\n$ passwd\nChanging password for dana.\nCurrent password: \n"
           "New password: \nRetype new password: \npasswd: password updated successfully\n$ ssh deploy@10.0.4.12\n"
           "deploy@10.0.4.12's password: \nPermission denied, please try again.\n$ mysql -u root -p\nEnter password: \n"
           "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n"
           "$ echo \"$CR_PAT\" | docker login ghcr.io -u dana --password-stdin\n"
           "WARNING! Your password will be stored unencrypted in /home/dana/.docker/config.json.\nLogin Succeeded\n"
           "$ psql -h db -U app\nPassword for user app: \npsql: error: connection to server at \"db\" (10.0.4.20), port 5432 "
           "failed: FATAL:  password authentication failed for user \"app\"\n$ gh auth status\n"
           "  - Token: gho_************************************\n  - Token scopes: 'gist', 'read:org', 'repo'\n")
    write_case("neg-password-prompts-transcript", "bash -c 'sudo …; passwd; ssh …; mysql -p; docker login …; psql …' "
               "(transcript)", out, [], ["[sudo] password for dana: \nSorry, try again.", "Current password: \nNew password: ",
                                         "passwd: password updated successfully", "deploy@10.0.4.12's password: \nPermission denied",
                                         "Enter password: \nERROR 1045", "(using password: YES)", "--password-stdin",
                                         "Login Succeeded", "Password for user app: \npsql: error",
                                         "Token scopes: 'gist', 'read:org', 'repo'"], G)

    # 2. pytest -v over tests whose names are full of credential words
    s.write("tests/test_accounts.py", "import pytest\nKEY_UP = 0x26\n"
            "def test_password_reset_url():\n    assert '/reset' in 'https://acme.dev/reset'\n"
            "def test_token_count_is_42():\n    assert 40 + 2 == 42\n"
            "@pytest.mark.parametrize('max_tokens', [64, 512])\ndef test_max_tokens(max_tokens):\n    assert max_tokens > 0\n"
            "def test_keyboard_key_up():\n    assert KEY_UP == 38\n"
            "def test_api_key_header_name():\n    assert 'X-Api-Key'.lower() == 'x-api-key'\n")
    s.write("tests/test_secret_santa.py", "def test_secret_santa_pairs_everyone():\n    assert sorted([2, 1]) == [1, 2]\n"
            "def test_secret_santa_no_self_pairs():\n    assert 1 != 2\n")
    out = re.sub(r"in [0-9.]+s", "in 0.05s", s.sh(f"{VENV_PY} -m pytest -v -p no:cacheprovider tests"))
    write_case("neg-pytest-credential-word-names", "pytest -v tests", out, [],
               ["test_password_reset_url PASSED", "test_token_count_is_42 PASSED", "test_max_tokens[512] PASSED",
                "test_keyboard_key_up PASSED", "test_api_key_header_name PASSED",
                "tests/test_secret_santa.py::test_secret_santa_pairs_everyone PASSED", "8 passed"], G)

    # 3. a click CLI's --help: options named after credentials, defaults that are not secrets
    s.write("cli.py", "import click\n@click.command()\n@click.option('--api-key', envvar='ACME_API_KEY', help='API key (or set ACME_API_KEY).')\n"
            "@click.option('--password-stdin', is_flag=True, help='Read the registry password from stdin.')\n"
            "@click.option('--token-file', type=click.Path(), default='~/.config/acme/token', show_default=True)\n"
            "@click.option('--max-tokens', default=512, show_default=True)\n"
            "@click.option('--secret-name', default='acme-registry', show_default=True, help='Kubernetes secret to write.')\n"
            "def main(**kw):\n    '''Log in to the Acme registry.'''\nmain()\n")
    out = s.sh(f"{VENV_PY} cli.py --help").replace("cli.py", "acme-login")
    write_case("neg-click-help-credential-options", "acme-login --help", out, [],
               ["--api-key TEXT", "--password-stdin", "~/.config/acme/token", "--max-tokens INTEGER", "[default: 512]",
                "acme-registry", "ACME_API_KEY"], G)

    # 4. digests: npm pack (sha512 integrity, shasum), pip hash, poetry.lock / Cargo.lock / go.sum entries
    s.write("pkg/package.json", json.dumps({"name": "@acme/tokens", "version": "2.4.1", "description": "design tokens"}))
    s.write("pkg/index.js", "module.exports = {primary: '#0a84ff'};\n")
    pack = s.sh("cd pkg && npm pack --ignore-scripts 2>&1")
    s.write("dist/acme_keys-1.0.0-py3-none-any.whl", "not really a wheel\n")
    phash = s.sh(f"{VENV_PY} -m pip hash dist/acme_keys-1.0.0-py3-none-any.whl")
    sha_w = hashlib.sha256(b"requests-2.34.2").hexdigest()
    h1 = base64.b64encode(hashlib.sha256(b"go.mod of x/crypto").digest()).decode()
    h2 = base64.b64encode(hashlib.sha256(b"tree of x/crypto").digest()).decode()
    cargo = hashlib.sha256(b"serde-1.0.210").hexdigest()
    s.write("locks.txt", f'[[package]]\nname = "requests"\nversion = "2.34.2"\nfiles = [\n    {{file = "requests-2.34.2-py3-none-any.whl", '
            f'hash = "sha256:{sha_w}"}},\n]\n\n[[package]]\nname = "serde"\nversion = "1.0.210"\nsource = '
            f'"registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{cargo}"\n\n'
            f"golang.org/x/crypto v0.31.0 h1:{h2}\ngolang.org/x/crypto v0.31.0/go.mod h1:{h1}\n")
    out = pack + phash + s.sh("cat locks.txt")
    integ = re.search(r"integrity:\s+(\S+)", out).group(1)
    shasum = re.search(r"shasum:\s+([0-9a-f]{40})", out).group(1)
    pipsha = re.search(r"--hash=sha256:([0-9a-f]{64})", out).group(1)
    write_case("neg-lockfile-and-pack-digests", "npm pack; pip hash dist/*.whl; cat poetry.lock Cargo.lock go.sum (excerpts)",
               out, [], [integ, shasum, pipsha, sha_w, cargo, h1, h2, "acme-tokens-2.4.1.tgz"], G)

    # 5. ids: git commits / trees, UUIDs, trace ids, version strings, digests, base64 of ordinary text
    s.sh("git init -q -b main . && git add pkg && git -c user.name=Dev -c user.email=dev@acme.dev commit -q -m 'tokens: 2.4.1' "
         "&& git -c user.name=Dev -c user.email=dev@acme.dev tag -a v2.4.1-rc.1 -m rc")
    u1, u2, tp = uuid(), uuid(), f"00-{hexs(32)}-{hexs(16)}-01"
    text = "Acme design tokens: colors, spacing and typography for every product surface.\n"
    s.write("NOTICE", text)
    out = s.sh(f"git log -1 --format='commit %H%ntree %T%nparent(s) %P' && git describe --tags --long && "
               f"git rev-parse --short=12 HEAD && echo 'request_id={u1} session_uuid={u2}' && echo 'traceparent: {tp}' && "
               "openssl dgst -sha256 NOTICE && sha512sum NOTICE && base64 -w 76 NOTICE && "
               f"echo 'version 4.13.0-beta.2+build.{hexs(7)} (go1.22.5, sentry event {hexs(32)})'")
    vals = re.findall(r"\b[0-9a-f]{40}\b|\b[0-9a-f]{64}\b|\b[0-9a-f]{128}\b", out)
    b64 = base64.b64encode(text.encode()).decode()
    write_case("neg-ids-digests-versions", "git log -1 …; git describe; uuids; openssl dgst; sha512sum; base64 NOTICE",
               out, [], vals + [u1, u2, tp, b64[:76], re.search(r"v2\.4\.1-rc\.1-0-g[0-9a-f]+", out).group(0),
                                re.search(r"version 4\.13\.0\S+", out).group(0), re.search(r"sentry event [0-9a-f]{32}", out).group(0)], G)

    # 6. a model / tokenizer config: token ids, special tokens, max_tokens, key names that are not keys
    cfg = {"model_type": "llama", "max_position_embeddings": 8192, "bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 2,
           "tokenizer_class": "GPT2Tokenizer", "chat_template_key": "default", "generation": {"max_new_tokens": 512,
           "max_tokens": 512, "temperature": 0.2}, "special_tokens": {"bos_token": "<|im_start|>", "eos_token": "<|im_end|>"},
           "rope_scaling": {"type": "yarn", "factor": 4.0}, "key_value_heads": 3, "secret_sharing": False}
    s.write("config.json", json.dumps(cfg, indent=2))
    out = s.sh("jq -c . config.json && jq . config.json")
    write_case("neg-model-config-token-fields", "jq -c . config.json && jq . config.json", out, [],
               ['"max_new_tokens": 512', '"max_tokens":512', '"eos_token": "<|im_end|>"', '"tokenizer_class": "GPT2Tokenizer"',
                '"key_value_heads": 3', '"secret_sharing": false', '"chat_template_key": "default"'], G)

    # 7. kubectl create configmap (real): keys named like credentials, values that are not
    out = s.sh("kubectl create configmap web-settings --from-literal=TOKEN_COUNT=42 --from-literal=MAX_TOKENS=512 "
               "--from-literal=PASSWORD_RESET_URL=https://acme.dev/reset --from-literal=SECRET_SANTA_ENABLED=true "
               "--from-literal=AUTH_ISSUER=https://auth.acme.dev --from-literal=API_KEY_HEADER=X-Api-Key "
               "--from-literal=KEYBOARD_SHORTCUTS=vim --dry-run=client -o yaml")
    write_case("neg-kubectl-configmap-credential-keys", "kubectl create configmap web-settings --from-env-file=web.env "
               "--dry-run=client -o yaml", out, [],
               ['TOKEN_COUNT: "42"', 'MAX_TOKENS: "512"', "PASSWORD_RESET_URL: https://acme.dev/reset",
                'SECRET_SANTA_ENABLED: "true"', "AUTH_ISSUER: https://auth.acme.dev", "API_KEY_HEADER: X-Api-Key",
                "KEYBOARD_SHORTCUTS: vim"], G)

    # 8. placeholders and references: values that name where a secret lives, or mask it already
    out = s.sh("printf '%s\\n' 'DB_PASSWORD=${DB_PASSWORD}' 'API_KEY=<your-api-key>' 'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}' "
               "'password: \"********\"' 'token: REDACTED' 'aws_secret_access_key = <redacted>' "
               "'OPENAI_API_KEY=sk-...' 'secretKeyRef: {name: db-creds, key: password}' 'password_file: /run/secrets/db_password'")
    write_case("neg-placeholders-and-refs", "grep -rhE 'PASSWORD|KEY|TOKEN|secret' .env.example ci.yml values.yaml", out, [],
               ["DB_PASSWORD=${DB_PASSWORD}", "API_KEY=<your-api-key>", "${{ secrets.GITHUB_TOKEN }}",
                "secretKeyRef: {name: db-creds, key: password}", "password_file: /run/secrets/db_password"], G)


if __name__ == "__main__":
    main()
