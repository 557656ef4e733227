"""Whether base64 lines decode to a piece of a private key's structure, whatever their width and whoever encoded them
(`base64 -w 76` of a key's DER, `fold -w 100` of a flattened body, two lines a `sed -n` or `grep -v -- -----` cut out):

  - the head of a key: PKCS#1 `RSAPrivateKey` (`30 82 .. .. 02 01 00 02 8x`), PKCS#8 `PrivateKeyInfo` (version 0 or 1,
    an AlgorithmIdentifier, then the OCTET STRING that holds the key), SEC1 `ECPrivateKey` (`30 LL 02 01 01 04 nn` and
    a tag after the private scalar), OpenSSH's `openssh-key-v1\\0` magic;
  - the places inside a key's body that only a private key has: an RSA public exponent 65537 followed by another
    INTEGER (the private exponent: `02 03 01 00 01 02 8x`; a certificate or public key ends the key there), SEC1's
    `[1]` public point (`a1 LL 03 LL-2 00 04`; a certificate's point is a bare BIT STRING), OpenSSH's private section
    (two equal check integers, then the key type's name).

  - an encrypted key's head: PKCS#8 `EncryptedPrivateKeyInfo` with a PBES2/PBE algorithm (`openssl genpkey -aes256`);
  - an OpenPGP secret key (`gpg --export-secret-keys`, no DER): a secret-key or secret-subkey packet's header, or the
    secret part that follows RSA's public exponent (an S2K specifier, or the private exponent of an unprotected key).

A certificate, a CSR, a public key, a PGP signature or random bytes have none of these. Known limits, not guessed at: a
slice from the middle of a key's random numbers (the private exponent, the primes, an Ed25519 seed, an encrypted key's
ciphertext) that holds none of these places reads like any other random base64 (`awk 'NR==14' key.pem`); only its
command could say what it is.
"""

from __future__ import annotations

import base64
import binascii
import re

_MIN_CHARS = 16  # shorter base64 holds too few bytes to show any of the structures

_STRUCTURE = re.compile(
    rb"\x30\x82..\x02\x01\x00\x02[\x81\x82]"  # RSAPrivateKey: version 0, then the modulus
    rb"|\x02\x03\x01\x00\x01\x02[\x81\x82\x83]"  # e = 65537 followed by the private exponent
    rb"|openssh-key-v1\x00"
    # OpenSSH's private section: two equal random check integers (not empty fields' zeros), then the key type
    rb"|(?!\x00{4})(?P<check>....)(?P=check)\x00\x00\x00[\x07-\x30](?:ssh-|ecdsa-sha2-|sk-)",
    re.DOTALL)
# An encrypted key: PKCS#8 EncryptedPrivateKeyInfo (`30 LL 30 LL 06 09` then a PKCS#5 PBES1/PBES2 or a PKCS#12 PBE
# OID: `openssl genpkey -aes256`'s ENCRYPTED PRIVATE KEY); an OpenPGP secret-key or secret-subkey packet (tag 5 or 7,
# old or new format, version 4, a creation time 1998-2037, then RSA's modulus length or an ECC key's curve OID; a
# public key's packets are tags 6 and 14); OpenPGP's secret part after RSA's public exponent 65537 (an S2K usage of
# 254/255 with a cipher, or 0 and the private exponent's length: a public key starts its next packet there).
_SECRET = re.compile(
    rb"\x30(?:\x82..|\x81.)\x30(?:\x81.|[\x0d-\x7f])\x06(?:\x09\x2a\x86\x48\x86\xf7\x0d\x01\x05[\x01-\x0d]"
    rb"|\x0a\x2a\x86\x48\x86\xf7\x0d\x01\x0c\x01[\x01-\x06])"
    rb"|(?:[\x94\x9c].|[\x95\x9d]..|[\xc5\xc7](?:[\x00-\xbf]|[\xc0-\xdf].))\x04[\x36-\x7f]..."
    rb"(?:\x01[\x04\x07\x08\x0b\x0c\x0f\x10]|\x16\x09\x2b\x06\x01\x04\x01\xda\x47\x0f\x01"
    rb"|[\x12\x13](?:\x0a\x2b\x06\x01\x04\x01\x97\x55\x01\x05\x01|\x08\x2a\x86\x48\xce\x3d\x03\x01\x07"
    rb"|\x05\x2b\x81\x04\x00[\x22\x23]))"
    rb"|\x00\x11\x01\x00\x01(?:\x00[\x04\x07\x08\x0b\x0c\x0f\x10]|[\xfe\xff][\x07-\x0d][\x00\x01\x03])",
    re.DOTALL)
_PKCS8 = re.compile(rb"\x02\x01[\x00\x01]\x30(?P<n>[\x05-\x7f])\x06[\x03-\x0a]", re.DOTALL)
_SEC1 = re.compile(rb"\x30(?:[\x20-\x7f]|\x81[\x80-\xff])\x02\x01\x01\x04(?P<n>[\x18-\x42])", re.DOTALL)
_SEC1_POINT = re.compile(rb"\xa1(?P<outer>[\x20-\x7f])\x03(?P<inner>[\x1e-\x7d])\x00\x04", re.DOTALL)


def _decodings(joined: str) -> list[bytes]:
    """The bytes under each of the four places a slice may start in a base64 quad."""
    joined = joined.rstrip("=")
    out = []
    for offset in range(4):
        piece = joined[offset:]
        piece = piece[:len(piece) // 4 * 4]
        try:
            out.append(base64.b64decode(piece, validate=True))
        except (binascii.Error, ValueError):
            continue
    return out


def _pkcs8(raw: bytes) -> bool:
    """Version, AlgorithmIdentifier (an OID first), then an OCTET STRING: a certificate's serial 0 is followed by a
    signature AlgorithmIdentifier and then a Name (a SEQUENCE), never by an OCTET STRING."""
    for m in _PKCS8.finditer(raw):
        after = m.end("n") + m.group("n")[0]
        if after < len(raw) and raw[after] == 0x04:
            return True
    return False


def _sec1(raw: bytes) -> bool:
    for m in _SEC1.finditer(raw):
        after = m.end("n") + m.group("n")[0]
        if after >= len(raw) or raw[after] in (0xA0, 0xA1):  # the curve's [0] or the public point's [1] follows
            return True
    return any(m.group("outer")[0] == m.group("inner")[0] + 2 for m in _SEC1_POINT.finditer(raw))


def private_key_structure(bodies: list[str]) -> bool:
    """Whether the base64 bodies (one slice of consecutive lines, no indentation) decode to a private key's structure
    at any of the four alignments."""
    joined = "".join(bodies)
    if len(joined) < _MIN_CHARS:
        return False
    return any(_STRUCTURE.search(raw) or _SECRET.search(raw) or _pkcs8(raw) or _sec1(raw) for raw in _decodings(joined))
