"""Redaction round 6 (session 9): keys under a passphrase and PGP secret keys. Their armour headers (`Proc-Type: 4,ENCRYPTED`,
`DEK-Info:`, `Version:`, `Comment:`) stay readable while the body (and the DEK-Info IV) is masked; a base64 run right
under an encrypted key's headers is its body whatever its length; an encrypted PKCS#8 head and an OpenPGP secret-key
packet or secret part are told by their structure in one or two lines (keyder.py), while public OpenPGP packets stay."""

from __future__ import annotations

import base64
import os
import struct

import pytest

from terminus_edge.redact import redact, redact_lines
from terminus_edge.redact.keyder import private_key_structure

MASK = "[REDACTED:private-key]"
TIME = struct.pack(">I", 1_790_000_000)  # a key made in 2026


def _streamed(text: str) -> str:
    return "".join(redact_lines(text.splitlines(keepends=True)))


def _wrap(raw: bytes, width: int = 64) -> list[str]:
    b = base64.b64encode(raw).decode()
    return [b[i:i + width] for i in range(0, len(b), width)]


def _mpi(bits: int) -> bytes:
    body = bytearray(os.urandom((bits + 7) // 8))
    body[0] |= 0x80
    return struct.pack(">H", bits) + bytes(body)


def _rsa_public_part() -> bytes:
    return b"\x04" + TIME + b"\x01" + _mpi(2048) + b"\x00\x11\x01\x00\x01"


def _secret_key_packet(tag_byte: int = 0x95) -> bytes:
    """An OpenPGP RSA secret-key packet under a passphrase: public part, S2K (AES-128, iterated+salted, SHA-1), IV, data."""
    body = _rsa_public_part() + b"\xfe\x07\x03\x02" + os.urandom(8) + b"\xff" + os.urandom(16) + os.urandom(640)
    return bytes([tag_byte]) + struct.pack(">H", len(body)) + body


def _public_key_packets() -> bytes:
    body = _rsa_public_part()
    uid = b"Release Bot <release@acme.dev>"
    return b"\x99" + struct.pack(">H", len(body)) + body + b"\xb4" + bytes([len(uid)]) + uid + b"\x89\x01\x36" + os.urandom(310)


def _slices(lines: list[str], n: int) -> list[str]:
    return ["\n".join(lines[i:i + n]) + "\n" for i in range(len(lines) - n + 1)]


def test_pgp_secret_key_packet_told_in_one_or_two_lines():
    lines = _wrap(_secret_key_packet())
    assert private_key_structure(lines[:1])  # the packet's header
    with_s2k = [s for s in _slices(lines, 2) if private_key_structure(s.split())]
    assert len(with_s2k) >= 2  # the header's lines and the S2K's, after the public exponent
    for text in with_s2k:
        assert redact(text).count(MASK) == 2 and _streamed(text) == redact(text)


@pytest.mark.parametrize("tag_byte", [0x95, 0x9d])  # a secret key and a secret subkey
def test_pgp_secret_packet_headers_of_both_kinds(tag_byte):
    first = _wrap(_secret_key_packet(tag_byte))[0]
    assert redact(first + "\n") == MASK + "\n"


def test_unprotected_pgp_secret_part_after_the_public_exponent():
    body = _rsa_public_part() + b"\x00" + _mpi(2047) + _mpi(1024) + _mpi(1024) + _mpi(1023) + b"\x12\x34"
    raw = b"\x95" + struct.pack(">H", len(body)) + body
    lines = _wrap(raw)
    at = raw.index(b"\x00\x11\x01\x00\x01") * 4 // 3 // 64
    assert private_key_structure(lines[at:at + 2])


def test_public_pgp_packets_stay_in_short_slices():
    lines = _wrap(_public_key_packets())
    for text in _slices(lines, 1) + _slices(lines, 2):
        assert redact(text) == text


def test_encrypted_pkcs8_head_told_in_one_line():
    # EncryptedPrivateKeyInfo { PBES2 { PBKDF2 { salt, iterations }, aes-256-cbc { iv } }, encryptedData }
    der = bytes.fromhex("3082051c304e06092a864886f70d01050d3041302906092a864886f70d01050c301c0408") + os.urandom(1300)
    lines = _wrap(der)
    assert redact(lines[0] + "\n") == MASK + "\n"
    assert redact("\n".join(lines[:2]) + "\n") == (MASK + "\n") * 2


CERT_LINE = "MIIDBTCCAe2gAwIBAgIUIbJq5PYoHBgrNpM41UWPt0PQ9SswDQYJKoZIhvcNAQEL"  # a certificate's first line


def test_certificate_head_is_not_an_encrypted_key():
    assert redact(CERT_LINE + "\n") == CERT_LINE + "\n"


def _encrypted_pem(body_lines: int) -> tuple[str, str, list[str]]:
    iv = os.urandom(16).hex().upper()
    lines = _wrap(os.urandom(48 * body_lines))
    head = f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,{iv}\n\n"
    return head, iv, lines


@pytest.mark.parametrize("n", [1, 2, 5])
def test_run_under_dek_info_is_the_key_body_whatever_its_length(n):
    head, iv, lines = _encrypted_pem(n)
    text = "\n".join([f"$ sed -n 2,{n + 4}p srv/legacy.dat", head.rstrip("\n"), ""] + lines) + "\n"
    out = redact(text)
    assert "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC," + MASK in out
    assert iv not in out and not any(line in out for line in lines)
    assert _streamed(text) == out


def test_short_run_without_an_encrypted_header_is_left_alone():
    lines = _wrap(os.urandom(96))
    text = "Version: GnuPG v2\n\n" + "\n".join(lines) + "\n"  # a public key's armour has this header too
    assert redact(text) == text == _streamed(text)


@pytest.mark.parametrize("label, headers", [
    ("RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,{iv}\n"),
    ("PGP PRIVATE KEY BLOCK", "Version: GnuPG v2\nComment: ops backup 2026-11\n"),
], ids=["pem-dek-info", "pgp-version-comment"])
@pytest.mark.parametrize("cut", [False, True], ids=["whole", "cut-before-end"])
def test_armour_headers_stay_and_the_body_goes(label, headers, cut):
    iv = os.urandom(8).hex().upper()
    headers = headers.format(iv=iv)
    lines = _wrap(os.urandom(600))
    text = f"-----BEGIN {label}-----\n{headers}\n" + "\n".join(lines) + "\n" + ("" if cut else f"-----END {label}-----\n")
    out = redact(text)
    for header in headers.splitlines():
        assert header.replace(iv, MASK) in out
    assert iv not in out and not any(line in out for line in lines)
    assert _streamed(text) == out


def test_escaped_armour_headers_in_json():
    lines = _wrap(os.urandom(200))
    key = ("-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF"
           "\\n\\n" + "\\n".join(lines) + "\\n-----END RSA PRIVATE KEY-----\\n")
    out = redact('{"private_key": "' + key + '"}')
    assert "Proc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC," + MASK in out
    assert not any(line in out for line in lines)


def _armoured_tail(raw: bytes, crc: str = "=v2mn") -> tuple[str, list[str]]:
    lines = _wrap(raw)
    assert len(lines[-1]) < 64
    return "\n".join(lines + [crc]) + "\n", lines


@pytest.mark.parametrize("size", [250, 400, 700])  # a chunk, and runs longer than the stream holds
def test_armoured_slice_cut_before_end_at_its_checksum(size):
    """`sed -n 50,65p key.asc`: full lines, the body's short last line, the `=XXXX` CRC-24, and no END line."""
    text, lines = _armoured_tail(os.urandom(size))
    out = redact(text)
    assert not any(line in out for line in lines) and _streamed(text) == out


def test_checksum_after_base64_of_text_is_no_key():
    text, _ = _armoured_tail(("release notes for 1.4.2, all tests passed on linux and macos. " * 5).encode())
    assert redact(text) == text == _streamed(text)


@pytest.mark.parametrize("end", ["-----END PGP PRIVATE KEY BLOCK-----\n", ""], ids=["to-end", "end-cut"])
def test_run_that_starts_mid_line(end):
    """`tail -c 900 key.asc`: the first line is a line's tail, the rest are whole lines of the key's width."""
    lines = _wrap(os.urandom(900))
    text = "\n".join([lines[0][-23:]] + lines[1:] + ["=v2mn"]) + "\n" + end
    out = redact(text)
    assert not any(line in out for line in [lines[0][-23:]] + lines[1:]) and _streamed(text) == out


def test_head_of_armour_without_headers():
    """`head -n 4 key.asc`: BEGIN, the armour's blank line (there even without headers), the body's first lines."""
    lines = _wrap(os.urandom(120))
    text = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + "\n".join(lines[:2]) + "\n"
    out = redact(text)
    assert out == "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + MASK + "\n" and _streamed(text) == out


@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_hex_digests_one_per_line_are_no_key(case):
    """`sha256sum dist/* | cut -c1-64`: 64 characters a line, but hex digits only (a key's base64 never is)."""
    digests = [case(os.urandom(32).hex()) for _ in range(10)]
    text = "\n".join([case(os.urandom(16).hex())] + digests) + "\n"
    assert redact(text) == text == _streamed(text)


@pytest.mark.parametrize("text, kept", [
    ("spring.datasource.url=jdbc:oracle:thin:scott/Tiger7Xq9@db.acme.internal:1521/ORCL\n", "scott/"),
    ("url=jdbc:oracle:thin:app_user/s3cr3t!@//db:1521/svc\n", "@//db:1521/svc"),
    ("+ sqlplus -s system/Manager123@prod @migrate.sql\n", "@prod @migrate.sql"),
    ("$ sqlplus scott/TigerLily7\n", "sqlplus scott/"),
    ("expdp userid=system/OraPw2024 directory=dp dumpfile=x.dmp\n", "directory=dp"),
    ("rman target sys/Rm4nPass@prod catalog rco/CatPw99x@rcat\n", "catalog rco/"),
])
def test_oracle_user_password_logins(text, kept):
    out = redact(text)
    assert "[REDACTED:password]" in out
    for pw in ("Tiger7Xq9", "s3cr3t!", "Manager123", "TigerLily7", "OraPw2024", "Rm4nPass", "CatPw99x"):
        assert pw not in out
    assert kept in out and _streamed(text) == out


@pytest.mark.parametrize("text", ["sqlplus / as sysdba\n", "sqlplus $ORA_USER/$ORA_PASS@db\n", "rman target /\n",
                                  "#5 [linux/amd64 build 2/4] target linux/amd64 done\n", "see docs/oracle/jdbc\n"])
def test_oracle_lookalikes_stay(text):
    assert redact(text) == text


def _numbered(lines: list[str], first: int, style: str) -> str:
    fmt = {"cat -n": "{:6d}\t{}", "grep -n": "{}:{}", "nl": "{:6d}\t{}", "less -N": "{:7d} {}", "bat": "{:4d} │ {}"}[style]
    return "".join(fmt.format(first + i, line) + "\n" for i, line in enumerate(lines))


@pytest.mark.parametrize("style", ["cat -n", "grep -n", "nl", "less -N", "bat"])
def test_numbered_slice_of_a_key(style):
    """`cat -n id_rsa | sed -n 10,20p`: a line-number gutter before each of the key's lines; the numbers stay."""
    lines = _wrap(os.urandom(48 * 12))
    text = _numbered(lines, 10, style)
    out = redact(text)
    assert not any(line in out for line in lines) and out.count(MASK) == len(lines)
    assert _numbered([MASK] * len(lines), 10, style) == out == _streamed(text)


def test_numbered_tail_of_a_key_to_its_end_line():
    lines = _wrap(os.urandom(48 * 11))[:-1] + ["sl8="]
    text = _numbered(lines + ["=v2mn", "-----END PGP PRIVATE KEY BLOCK-----"], 79, "nl")
    out = redact(text)
    assert not any(line in out for line in lines) and "    91\t-----END PGP PRIVATE KEY BLOCK-----" in out
    assert _streamed(text) == out


def test_numbered_public_blocks_and_listings_stay():
    pub = _wrap(_public_key_packets())
    text = _numbered(["-----BEGIN PGP PUBLIC KEY BLOCK-----", ""] + pub + ["-----END PGP PUBLIC KEY BLOCK-----"], 1, "cat -n")
    listing = _numbered(["import base64", "", "def decode(s):", "    return base64.b64decode(s)"], 1, "cat -n")
    for t in (text, listing):
        assert redact(t) == t == _streamed(t)
