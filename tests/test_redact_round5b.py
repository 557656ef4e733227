"""Redaction round 5b (session 8): private-key slices told by their DER/OpenSSH structure (keyder.py) whatever their
width or length, and what has no such structure (certificates, CSRs, public keys, random bytes) left alone."""

from __future__ import annotations

import base64
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from terminus_edge.redact import redact, redact_lines
from terminus_edge.redact.keyder import private_key_structure

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
MASK = "[REDACTED:private-key]"


def _streamed(text: str, command: str | None = None) -> str:
    return "".join(redact_lines(text.splitlines(keepends=True), command=command))


def _openssl(*args: str) -> str:
    return subprocess.run(["openssl", *args], capture_output=True, text=True, check=True).stdout


def _body(pem: str) -> str:
    return "".join(line for line in pem.splitlines() if line and not line.startswith("-----"))


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("keys")
    out = {}
    for name, alg in (("rsa", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
                      ("ec", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
                      ("ed", ["-algorithm", "ED25519"])):
        key = d / f"{name}.key"
        _openssl("genpkey", *alg, "-out", str(key))
        out[f"{name}-key"] = key.read_text()
        out[f"{name}-cert"] = _openssl("req", "-new", "-x509", "-key", str(key), "-subj", "/CN=t.acme.dev/O=Acme",
                                       "-days", "2")
        out[f"{name}-csr"] = _openssl("req", "-new", "-key", str(key), "-subj", "/CN=t.acme.dev")
        out[f"{name}-pub"] = _openssl("pkey", "-in", str(key), "-pubout")
    out["rsa-pkcs1"] = _openssl("rsa", "-in", str(d / "rsa.key"), "-traditional")
    out["ec-sec1"] = _openssl("ec", "-in", str(d / "ec.key"))
    if shutil.which("ssh-keygen"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / "id")], check=True)
        out["openssh"] = (d / "id").read_text()
    return out


@needs_openssl
@pytest.mark.parametrize("width", [64, 76, 100])
@pytest.mark.parametrize("name", ["rsa-key", "rsa-pkcs1", "ec-key", "ec-sec1"])
def test_a_key_head_at_any_width_is_masked(material, name, width):
    lines = textwrap.wrap(_body(material[name]), width)[:2]
    text = "\n".join(lines) + "\n"
    out = redact(text)
    assert not any(line in out for line in lines), out
    assert _streamed(text) == out
    # from an encoder too: `openssl pkey -outform DER | base64 -w 76`
    assert redact(text, command=f"base64 -w {width} k.der") == out


@needs_openssl
def test_a_one_line_key_head_and_an_rsa_private_exponent_mid_body(material):
    head = _body(material["ed-key"])  # an Ed25519 PKCS#8 key is one 64-character line
    assert redact(head + "\n") == MASK + "\n" == _streamed(head + "\n")
    flat = _body(material["rsa-pkcs1"])
    # e = 65537, then the private exponent: no certificate or public key has an INTEGER there
    at = base64.b64decode(flat).index(b"\x02\x03\x01\x00\x01\x02") * 4 // 3
    lines = textwrap.wrap(flat[at - 250:at + 250], 100)
    text = "\n".join(lines) + "\n"
    assert MASK in redact(text) and not any(line in redact(text) for line in lines) and _streamed(text) == redact(text)


@needs_openssl
def test_openssh_private_section_in_two_lines(material):
    if "openssh" not in material:
        pytest.skip("ssh-keygen not installed")
    lines = [line for line in material["openssh"].splitlines() if not line.startswith("-----")]
    hits = [i for i in range(len(lines) - 1) if private_key_structure(lines[i:i + 2])]
    assert hits  # the magic, and the two equal check integers before the key type's name
    text = "\n".join(lines[hits[-1]:hits[-1] + 2]) + "\n"
    assert redact(text) == (MASK + "\n") * 2 == _streamed(text)


@needs_openssl
@pytest.mark.parametrize("name", ["rsa-cert", "ec-cert", "ed-cert", "rsa-csr", "ec-csr", "rsa-pub", "ec-pub", "ed-pub"])
def test_public_material_has_no_private_structure_in_any_slice(material, name):
    flat = _body(material[name])
    for width in (64, 70, 76, 100):
        lines = textwrap.wrap(flat, width)
        for n in (1, 2, 3, 8):
            for i in range(len(lines) - n + 1):
                assert not private_key_structure(lines[i:i + n]), (width, n, i)
        if width in (76, 100):  # (64/70 are a key's widths: a certificate's signature-only tail is a known limit)
            text = "\n".join(lines[1:]) + "\n"
            assert redact(text) == text == _streamed(text)


def test_random_base64_and_short_runs_have_no_structure():
    import random

    rng = random.Random(8)
    for _ in range(200):
        raw = bytes(rng.getrandbits(8) for _ in range(300))
        assert not private_key_structure(textwrap.wrap(base64.b64encode(raw).decode(), 76))
    assert not private_key_structure(["MIIEvQIBADAN"])  # too short to tell


def test_heldout5_key_slices_are_closed():
    data = Path(__file__).parent / "data" / "redaction_heldout5"
    for case in ("der-base64-w76-no-armour", "fold-w100-flattened-key-slice", "grep-v-armour-ec-key-two-lines",
                 "sed-two-lines-of-openssh-key"):
        text = (data / case / "output.txt").read_text()
        assert set(redact(text).split()) == {MASK}, case


TRACED = [
    ("+ echo svc-report:Qw8rTzLm2Pxv\n+ chpasswd\n+ id svc-report\n", "Qw8rTzLm2Pxv"),
    ("+ chpasswd\n+ echo 'ops:HarborLantern77'\n", "HarborLantern77"),  # a pipeline's sides may trace in any order
    ("++ echo deploy:Zx81kLmQ0wer\n++ sudo chpasswd\n", "Zx81kLmQ0wer"),
    ("+ echo gh0-R3gistryPw\n+ docker login -u bot --password-stdin registry.acme.dev\nLogin Succeeded\n",
     "gh0-R3gistryPw"),
    ("+ printf '%s\\n%s\\n' Vnc4Pw77 Vnc4Pw77\n+ vncpasswd\n", "Vnc4Pw77"),
]
TRACED_KEPT = [
    "+ echo svc-report:building\n+ grep -c ok log.txt\n",  # no tool that reads a password
    "++ echo root:Qw8rTzLm2Pxv\n+ chpasswd\n",  # not the same pipeline: another depth
    "+ echo root:Qw8rTzLm2Pxv\nchpasswd (1 line read)\n",  # no trace line: not the pipe
    "+ echo 'usage: chpasswd'\n+ man chpasswd\n",
]


@pytest.mark.parametrize("text,secret", TRACED)
def test_a_pipe_that_bash_x_traced_on_two_lines(text, secret):
    out = redact(text)
    assert secret not in out and "[REDACTED:password]" in out, out
    assert _streamed(text) == out


@pytest.mark.parametrize("text", TRACED_KEPT)
def test_traced_lines_that_are_no_pipe_into_a_password_reader(text):
    assert redact(text) == text == _streamed(text)


def test_the_stream_holds_a_traced_echo_for_one_line_only():
    from terminus_edge.redact import StreamRedactor

    stream = StreamRedactor()
    assert stream.feed("+ echo svc:Qw8rTzLm2Pxv\n") == ""
    assert stream.feed("+ chpasswd\n") == "+ echo svc:[REDACTED:password]\n+ chpasswd\n"
    assert stream.feed("+ echo hello\n") == "" and stream.flush() == "+ echo hello\n"


LISTED = [
    ("#cloud-config\nchpasswd:\n  expire: false\n  list: |\n    root:QuartzSky99\n    ubuntu:3DB9bgHAUx\n"
     "ssh_pwauth: true\n", ["QuartzSky99", "3DB9bgHAUx"]),
    ("chpasswd:\n  list:\n    - root:QuartzSky99\n    - 'ops:Marmalade7Walnut'\n  expire: true\n",
     ["QuartzSky99", "Marmalade7Walnut"]),
    ("users:\n  - name: ops\nchpasswd:\n  list: |\n    ops:$6$rounds=4096$abc$Zq1x9\n", ["$6$rounds=4096$abc$Zq1x9"]),
]
LISTED_KEPT = [
    "chpasswd:\n  expire: false\n  list: |\n    root:RANDOM\n    ubuntu:$PW\n",  # cloud-init makes one up; a variable
    "packages:\n  list: |\n    nginx:latest\n    redis:7\n",  # not under a password-named key
    "chpasswd:\n  expire: false\nruncmd:\n  - echo:hello\n",  # under another key
    "password_policy:\n  min_length: 12\n  rules:\n    - upper:1\n",  # a policy, not a password
    "password_rules:\n  - upper:1\n  - digits:2\n",  # settings under a password-named key: numbers
]


@pytest.mark.parametrize("text,secrets", LISTED)
def test_user_password_strings_listed_under_a_password_named_key(text, secrets):
    out = redact(text)
    assert not any(s in out for s in secrets) and ("root:[REDACTED" in out or "ops:[REDACTED" in out), out
    assert _streamed(text) == out


@pytest.mark.parametrize("text", LISTED_KEPT)
def test_listed_strings_that_are_no_passwords(text):
    assert redact(text) == text == _streamed(text)


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen not installed")
def test_ssh_certificates_and_signatures_have_no_private_structure(tmp_path):
    def keygen(*args):
        subprocess.run(["ssh-keygen", "-q", *args], check=True, capture_output=True)

    keygen("-t", "ed25519", "-N", "", "-f", str(tmp_path / "ca"))
    keygen("-t", "rsa", "-N", "", "-f", str(tmp_path / "u"))
    keygen("-s", str(tmp_path / "ca"), "-I", "ident", "-n", "ops", str(tmp_path / "u.pub"))
    (tmp_path / "m.txt").write_text("hi\n")
    keygen("-Y", "sign", "-f", str(tmp_path / "ca"), "-n", "file", str(tmp_path / "m.txt"))
    flats = [(tmp_path / "u-cert.pub").read_text().split()[1], (tmp_path / "u.pub").read_text().split()[1],
             _body((tmp_path / "m.txt.sig").read_text())]
    for flat in flats:
        for width in (64, 70, 76):
            lines = textwrap.wrap(flat, width)
            assert not any(private_key_structure(lines[i:i + n]) for n in (1, 2, 3) for i in range(len(lines) - n + 1))
