"""Value shapes: does a value under a credential's name look like one (long and random, typed like a password, a
literal of words where only a literal can stand, a generated identifier), or like code, a path, a mode or a name?
The names themselves are judged in names.py.
"""

from __future__ import annotations

import re

from terminus_edge.redact.code import built_of_words, is_code_expr, is_code_like
from terminus_edge.redact.names import entropy, is_placeholder, names_a_secret, names_token_or_api_key, words

# Paths: every segment all-lowercase or a capitalised word; random base64 that starts with "/" is not.
_PATH = re.compile(r"(?:~|\.{1,2})?(?:/(?:[a-z0-9_.@%+-]++|[A-Z][a-z0-9_.-]*+))+/?|/")


def plausible_literal_secret(value: str) -> bool:
    """A word-built value that sits where only a literal can be (quoted, an env assignment, a header, a
    shell argument) under a credential's name: a credential when it carries digits (`AAAA000000AaaAaa`,
    `DeployKey2024`), unless it is code after all or the name of another secret."""
    v = value.strip()
    return (bool(re.search(r"\d", v)) and bool(re.search(r"[A-Za-z]", v)) and len(v) >= 8
            and not is_code_expr(v) and not names_a_secret(v) and not _technical_numbers(v))


_TECH_WORD = re.compile(r"sha|md|utf|oauth|base|u?int|float|http|ipv|rsa|aes|ed|x|crc|pbkdf|argon|blake|curve|secp|tls|ssl|"
                        r"des|pkcs|ucs|iso|rfc|latin|cp|python|py")


def _technical_numbers(value: str) -> bool:
    """Every number in the value follows a technical word (`ScramSha512`, `HmacSha256`, `Utf8Json`): a name."""
    parts = words(value)
    runs = [i for i, p in enumerate(parts) if p.isdigit()]
    return bool(runs) and all(i > 0 and _TECH_WORD.fullmatch(parts[i - 1]) is not None for i in runs)


# Numbers that names carry: one or two digits (ClientV2, OAuth2, Py38, Int32), a power of two (Base64, SHA256,
# Rsa2048) or a standard's number (X509, Ed25519, Poly1305, Rfc3339, MLKEM768).
_STANDARD_NUMBERS = frozenset("160 224 384 448 509 521 768 1305 2822 3339 5322 8601 25519".split())


def _data_number(run: str) -> bool:
    n = int(run)
    return run[0] == "0" and len(run) > 1 or len(run) > 2 and not (
        n & (n - 1) == 0 or run in _STANDARD_NUMBERS)


def generated_identifier(value: str) -> bool:
    """Built like an identifier but carrying a number names don't carry (`AbcDef123`, `DeployKey2024Prod`,
    `QA01Release7`): a typed password or a generated value, even where source code could also stand. An
    attribute path (`mlkem.MLKEM1024PrivateKey`) or a snake_case name (`_pep_440_key`, `iso_8859_1`) is code
    whatever its numbers: codes and standards are spelled that way."""
    v = value.strip()
    return ("." not in v and "_" not in v and len(v) >= 8 and bool(re.search(r"[A-Za-z]", v))
            and any(_data_number(run) for run in re.findall(r"\d+", v)) and not names_a_secret(v))


# A value made only of a credential's own vocabulary names a field or a variable (`accessToken`, `ApiKey`).
_CREDENTIAL_WORDS = frozenset(
    "api access auth token tokens key keys secret secrets password passwd pass pwd credential credentials cred "
    "creds bearer session client private refresh oauth jwt id value app user service account".split())
# Words that, with a credential's own words, make the name of a variable or a field (`someApiKeyVariable`).
_NAMING_WORDS = frozenset("some my the this var variable value values field param parameter name type object property "
                          "prop attribute attr setting settings config env ref".split())
# Documentation and placeholder words, as in detect-secrets' and gitleaks' false-positive lists.
_DOC_WORDS = frozenset(
    "your my example examples sample dummy fake test testing demo placeholder changeme replace insert enter here "
    "todo tbd fixme xxx foo bar baz redacted hidden masked none null default undefined".split())
_WORD_VALUE = re.compile(r"[A-Za-z]{12,64}")


_SHORT_WORD_VALUE = re.compile(r"[A-Za-z]{6,64}")
# Words that say how a credential is given or used, not what it is (`API_KEY=inherit`, `AUTH_TOKEN=keyring`).
_MODE_WORDS = frozenset(
    "anonymous public private internal external inherit inherited keyring keychain session default environment "
    "prompt manual automatic auto system local remote dynamic static header headers cookie cookies query bearer "
    "basic digest oauth github gitlab google azure amazon vault stdin file files secrets secret literal string "
    "random generate generated rotate disable enable always never unknown invalid expired revoked pending "
    "development production staging sandbox preview testing release debug".split())


def word_secret(value: str, key: str = "", quoted: bool = False, short: bool = False) -> bool:
    """A digit-less value of words (`supersecretvalue`, `ProdServiceKey`) where the syntax already says
    "literal" under a token's or API key's name: a credential unless it is a placeholder (`YourApiKeyHere`,
    `dummytokenvalue`), the name of a field (`accessToken`, `RefreshToken`) or a short word (a mode or
    a type: `anonymous`, `development`; 12 letters at least, as gitleaks wants 10+ for generic keys).
    quoted: a string in code or JSON, which often holds a name: one with a credential word among its words
    (`"RpcGroupManagementToken"`) is a name there, while `API_KEY=ProdServiceKey` can only be the value.
    short: the syntax leaves no room for code or a name (an environment assignment `AUTH_TOKEN=letmein`, a header, a
    data record): 6 letters are enough there, unless the word is a mode (`inherit`, `keyring`)."""
    v, key_words = value.strip(), [w for w in words(key) if len(w) >= 3]
    if not (_SHORT_WORD_VALUE if short else _WORD_VALUE).fullmatch(v) or is_placeholder(v) or \
            not names_token_or_api_key(key) or (len(v) < 12 and v.lower() in _MODE_WORDS):
        return False
    parts, low = words(v), v.lower()
    named = [p in _CREDENTIAL_WORDS or p in key_words for p in parts]
    if all(n or p in _NAMING_WORDS for n, p in zip(named, parts)) or (quoted and len(parts) > 1 and any(named)) or (
            len(parts) == 1 and any(w in low or low in w for w in key_words)):
        return False  # `accessToken`, `tokenizerconfig`: a name built from the key's own words
    return not (any(p in _DOC_WORDS for p in parts) or low.startswith(("your", "example", "sample", "dummy", "fake",
                                                                       "test", "changeme"))
                or low.endswith(("here", "example", "placeholder")))


_BARE_NAMES = frozenset({("auth",), ("credentials",), ("credential",), ("creds",)})
_CAMEL_WORDS = re.compile(r"(?:[A-Z][a-z]{2,15}){3,6}|(?:[A-Z][a-z]{2,15}){2,6}\d{2,6}")
# Words of authentication schemes, providers and modes (`ManagedIdentity`, `InstanceProfile`, `ScramSha512`,
# `ActiveDirectoryIntegrated`, `DefaultAzureCredential`): a value built of any of them names how to authenticate.
_SCHEME_WORDS = frozenset(
    "identity managed service principal workload federated device code interactive browser client certificate cert "
    "instance profile environment variables variable container assume role web active directory integrated windows "
    "kerberos ntlm ldap saml oidc sso oauth azure aws gcp google cli default chain provider static shared file env "
    "system anonymous basic digest bearer scram sha plain login cram external gssapi negotiate iam metadata ec ecs "
    "sql mongo mysql postgres password msi app application tenant connection string credentials credential token "
    "none disabled enabled required optional mode type method scheme mechanism strategy policy handler session "
    "cookie header query user account local remote".split())


def bare_credential_word(value: str, key: str) -> bool:
    """`auth: MarmaladeSkylineHarbor`, `CREDENTIALS=OrchardTopaz762`: under a bare `auth` / `credentials` name a word
    value is a mode as often as a secret (`auth: none`, `credentials: include`, `credentials: sameoriginpolicy`,
    `auth: ManagedIdentity`). A password people type there is CamelCase words of no scheme's vocabulary: three or more,
    or two with a number names don't carry. Lower-case words and dashed modes stay."""
    if tuple(words(key)) not in _BARE_NAMES or not _CAMEL_WORDS.fullmatch(value.strip()):
        return False
    parts = words(value)
    letters = [p for p in parts if not p.isdigit()]
    digits = [p for p in parts if p.isdigit()]
    if digits and not all(_data_number(d) for d in digits):
        return False
    return not any(p in _SCHEME_WORDS or p in _CREDENTIAL_WORDS or p in _DOC_WORDS or p in _NAMING_WORDS for p in letters)


def looks_like_credential(value: str, literal: bool = False) -> bool:
    """Shape test for a value under a credential-ish name: long, one token, mixed or random.

    literal: the syntax already says the value is a literal, not source code (see
    plausible_literal_secret), so a value shaped like an identifier is not excused for that alone."""
    v = value.strip()
    if len(v) < 8 or is_placeholder(v) or any(c.isspace() for c in v):
        return False
    if is_code_like(v) and not (literal and plausible_literal_secret(v)) and not generated_identifier(v):
        return False
    if _PATH.fullmatch(v) or re.match(r"^[a-z][a-z0-9+.-]*://|^(?:arn|urn|sha\d+|md5|sha):", v, re.I):
        return False  # a path or a URL (URL passwords are handled by the URL rule)
    if not re.search(r"[A-Z0-9]", v) and len(v) < 64:
        return False  # lowercase words, host names, dashed identifiers
    if len(v) < 24 and (re.fullmatch(r"\d{1,12}|\d+(?:\.\d+)+", v) or (
            re.fullmatch(r"[A-Za-z]+(?:[ _-][A-Za-z]+)*", v) and built_of_words(v))):
        return False  # a number, a version, plain words (random mixed case, `kpgZXzVCKgJM…`, is not words)
    classes = sum(bool(re.search(p, v)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    # 16+ characters of letters and digits under a secret's name is a credential even when it is repetitive
    # (`API_KEY=000000000000000A`): its name already says what it is.
    return (classes >= 2 and (entropy(v) >= 2.5 or len(v) >= 16)) or len(v) >= 24


# Technical words with numbers (`sha256-hashed`, `utf8`, `oauth2`), versions, dates, paths, URLs and references are not
# typed the way a password is.
_NOT_TYPED = re.compile(r"(?i)^(?:v?\d+(?:\.\d+)+|\d{4}-\d\d|\d+[a-z]{0,3}$)|[/$\[\]{}]|://|"
                        r"(?:^|[^a-z])(?:sha|md|utf|oauth|h|base|u?int|float|http|ipv|rsa|aes|ed|x|py|python|es|gpt|ec|"
                        r"iso|rfc|win|latin|cp|crc|pbkdf|argon|blake|bcrypt|scrypt|curve|secp|tls|ssl|des|pkcs|ucs|utc|gmt|"
                        r"\d+fa)\d*(?:[^a-z]|$)")


def typed_like_a_password(value: str) -> bool:
    """Letters and digits mixed as a person types a password or a test key (`hunter2`, `abc123`, `Tr0ub4dor&3`)."""
    return bool(re.search(r"[A-Za-z]", value) and re.search(r"\d", value)) and not _NOT_TYPED.search(value)
