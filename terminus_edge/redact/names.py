"""Context rules: does a key name say its value is secret, and does the value look like a credential?

Key names are split into lowercase words (`AWS_SECRET_ACCESS_KEY`, `_authToken`, `X-Api-Key`,
`SecretAccessKey` all work). The last word decides whether the value is data *about* a secret
(`JWT_TTL_SECONDS`, `PASSWORD_FILE`, `--password-stdin`) rather than the secret itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from terminus_edge.redact.code import built_of_words, is_code_expr, is_code_like

_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

# Words that always mean "the value is a secret": masked whatever the value looks like.
_STRONG = re.compile(r"passw(?:or)?[dt]|passphrase|passcode|secret(?!ar)|^(?:pwd|pw|pswd)$")
# "<word> pass" names a password (DB_PASS, smtp_pass) unless the word makes it a pass of an algorithm.
_NOT_PASSWORD_PASS = frozenset(
    "forward backward first second third last next single multi one two grad query key value q k v render "
    "shader compile compiler optimization opt pre post sub main lowering fusion inductor graph fx diff test "
    "tests lint check build ci bypass".split())
# Words that usually mean a credential: masked when the value also looks like one.
_TOKENISH = re.compile(r"token(?!iz)|credential|^creds?$|apikey|privatekey|accesskey|authkey|datakey|"
                       r"^auth$|^authorization$|sessionid|sessid|^sig$|^dsn$|^pat$")
# "<qualifier> key" pairs (api key, signing key, account key, ...); a bare "key" is too common.
_KEY_QUALIFIERS = frozenset(
    "api access secret private account master encryption encrypt signing sign client license service "
    "app auth shared sas storage hmac jwt session webhook deploy admin root crypto cipher aes gpg pgp "
    "ssh subscription primary secondary consumer rest search ingest write live".split())
# "<word> key" pairs that name something public or structural, not a credential.
_PUBLIC_KEY_QUALIFIERS = frozenset(
    "public pub publishable site sort cache primary foreign partition routing shard idempotency dedup "
    "dedupe lookup hash map group index unique composite row column object file s3 kms gpg ssh host "
    "foreign natural surrogate compound cluster hot api_version dict json yaml toml config registry".split())
# A last word that makes the value metadata about a secret, not the secret.
_NOT_SECRET_LAST = frozenset(
    "file files path paths dir directory url uri endpoint host hostname port ttl seconds secs sec ms "
    "minutes mins hours days expiry expires expiration exp expired timeout length len size count max "
    "min limit type types kind name names id ids enabled enable disabled disable required header "
    "prefix suffix version alg algorithm algorithms format encoding mode policy issuer audience scope "
    "scopes location region user username login email helper provider backend store source env stdin "
    "prompt command cmd hint rotation rotate generator strength manager field fields param label "
    "description desc help placeholder pattern regex reset changed change updated used valid "
    "validation validator check checked status state error errors failed failure success attempts "
    "retries schema lifetime age duration interval window quota usage remaining count method methods "
    "flow grant ref refs arn mount var variable variables index at on by rate ratio percent threshold "
    "score fail fails lock mutex types class cls factory period usage protocol scheme script scripts".split())
# A password's name glued from a qualifier and "pass" (`dbpass`, `smtppass`, `rootpass`; not `bypass`, `compass`, nor
# `userpass`, which code uses for a joined `user:pass`).
_GLUED_PASS = re.compile(r"(?:db|sql|mysql|pg|psql|mongo|redis|ldap|bind|smtp|mail|email|imap|pop|ftp|sftp|ssh|admin|"
                         r"root|sa|sys|app|api|web|site|server|srv|master|proxy|vnc|wifi|amqp|mq|rabbit|"
                         r"keystore|truststore|store|key|login|auth|basic|http)pass")
# English compounds of "secret" that name no secret, as "secretary" does not (`secret_santa.py`).
_SECRET_COMPOUNDS = frozenset({"santa"})
_NEVER = frozenset({"pwd", "oldpwd"})  # shell variables holding directories


def words(name: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(name)]


def secret_kind(name: str) -> tuple[str, bool] | None:
    """(label, strong) when `name` names a secret, else None. strong: mask any value."""
    ws = words(name)
    if not ws or name.strip("\"'-_ ").lower() in _NEVER or "REDACTED:" in name:
        return None  # (a marker we wrote is not a key that names a secret)
    while len(ws) > 1 and ws[-1].isdigit():  # token_ids_0 → token_ids
        ws.pop()
    last, prev = ws[-1], (ws[-2] if len(ws) > 1 else "")
    if ws[0] == "existing" or (last in ("key", "keys") and prev in ("password", "passwd", "pw", "pwd")):
        return None  # `existingSecret`, `adminPasswordKey`: name the object or the key inside it that holds the secret
    if last == "id" and prev == "secret":
        return "secret", False  # Vault's AppRole `secret_id` is a credential; AWS's `SecretId` names one (by shape)
    if last in _NOT_SECRET_LAST and not (last == "id" and prev == "session"):
        return None
    for i, w in enumerate(ws):
        if _STRONG.search(w) and not (w == "secret" and ws[i + 1:i + 2] and ws[i + 1] in _SECRET_COMPOUNDS):
            return ("password" if "pass" in w or w.startswith("pw") else "secret"), True
        if _GLUED_PASS.fullmatch(w):
            return "password", True
    if last == "pass" and (prev not in _NOT_PASSWORD_PASS if prev else name.strip("\"'") == "pass"):
        return "password", True  # `DB_PASS`, and a bare lower-case `pass` key (`pass = …`; not go test's `PASS:`)
    for i, w in enumerate(ws):
        if w in ("key", "keys") and i > 0 and ws[i - 1] in _KEY_QUALIFIERS:
            return ("private-key" if ws[i - 1] == "private" else "api-key"), False
        if w in ("key", "keys") and i == len(ws) - 1 and i > 0 and ws[i - 1] not in _PUBLIC_KEY_QUALIFIERS:
            return "api-key", False  # VENDOR_KEY: judged by the value's shape
        if w == "session" and i + 1 < len(ws) and ws[i + 1] in ("id", "key", "token", "cookie"):
            return "session", False
        if _TOKENISH.search(w):
            if w.startswith("auth"):
                return "auth", False
            return ("api-key" if "key" in w else "token"), False
    return None


def names_metadata(name: str) -> bool:
    """The name's last word says its value is about a secret or beside one (`host`, `username`, `PASSWORD_FILE`)."""
    ws = words(name)
    return bool(ws) and ws[-1] in _NOT_SECRET_LAST


def names_secret_last(name: str) -> bool:
    """The name *ends* in a secret word (`password`, `api_key`, `token`), not merely contains one."""
    ws = words(name)
    return bool(ws) and (ws[-1] in ("key", "keys") or bool(_STRONG.search(ws[-1]) or _TOKENISH.search(ws[-1]))
                         or ws[-2:] == ["secret", "id"]
                         or (ws[-1] == "pass" and len(ws) > 1 and ws[-2] not in _NOT_PASSWORD_PASS))


_PLACEHOLDER = re.compile(
    r"""^(?:\$\{?[A-Za-z_][\w.]*\}?|\$\(.*\)|%[A-Za-z_]\w*%|\{\{.*\}\}|\$\{\{.*\}\}|(?:<[^<>]*>[:@/ ]?)+|
    (?:your|my|the|a)?[_ -]?(?:password|passwd|pass|pwd|secret|token|api[_-]?key|key)(?:[_ -]?here)?|
    \[[^\]]*(?:REDACTED|MASKED|FILTERED|HIDDEN|SECRET)[^\]]*\]|\*+\w{0,4}|[xX•·.…*#-]{3,}|[*:/. -]*\*{3,}[*:/. -]*|
    null|none|nil|true|false|yes|no|on|off|undefined|empty|unset|set|enabled|disabled|required|optional|
    n/a|redacted|hidden|masked|protected|present|missing|ok|\(hidden\)|\(none\)|-|
    \*+[ \t]*[A-Za-z][A-Za-z _-]{0,30}\*+|(?:[a-z]+[+_ -])?(?:omitted|redacted|masked|filtered|removed|elided|suppressed)|
    \d{1,12}[ \t]*(?:bytes?|[KMG]i?B|chars?|characters)|
    change[_ -]?me|example|dummy|placeholder|sample|todo|tbd|fixme|not[_ -]?set|
    (?:example|dummy|sample|fake)[_ -]?(?:password|passwd|pass|pwd|secret|token|api[_-]?key|key|value)|
    ![A-Za-z][\w./:-]*[ \t]+\S.*)$""",
    re.VERBOSE | re.IGNORECASE)
# (Documentation placeholders, as detect-secrets' and gitleaks' false-positive lists have them, say the value was
# never filled in; tools' own masks (`**REDACTED**` in CircleCI, `DATA+OMITTED` in kubectl) and sizes (`24 bytes`,
# `kubectl describe secret`) stand where the value was; a YAML tag (`!secret db_password`, `!vault |`, `!Ref Param`) refers to or encrypts the value.)


def is_placeholder(value: str) -> bool:
    """A value that already hides the secret or refers to it (`$TOKEN`, `***`, `[REDACTED:…]`)."""
    return not value.strip() or bool(_PLACEHOLDER.match(value.strip()))


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


# Paths: every segment all-lowercase or a capitalised word; random base64 that starts with "/" is not.
_PATH = re.compile(r"(?:~|\.{1,2})?(?:/(?:[a-z0-9_.@%+-]++|[A-Z][a-z0-9_.-]*+))+/?|/")


_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")


# Lower-case dashed names of Kubernetes/Helm objects and of keys inside them (`db-creds`, `admin-password`,
# `pg-tls`): a reference to where a secret is kept when one of the words says what is kept there.
_OBJECT_NAME = re.compile(r"[a-z][a-z0-9]{0,30}(?:-[a-z0-9]{1,30}){1,5}")
_KEPT_WORDS = frozenset("password passwords passwd secret secrets token tokens creds credentials credential key keys "
                        "tls cert certs certificate certificates auth apikey".split())


def names_a_secret(value: str) -> bool:
    """An environment-variable name that itself names a secret (`GITHUB_TOKEN`, `OPENAI_API_KEY`) or the
    dashed name of an object or key that holds one (`db-creds`, `admin-password`): a reference to the
    secret (`--token GITHUB_TOKEN`, `TOKEN_VAR=…`, `adminPasswordKey: admin-password`), not its value."""
    if _OBJECT_NAME.fullmatch(value):
        return any(part in _KEPT_WORDS for part in value.split("-"))
    return bool(_ENV_NAME.fullmatch(value)) and secret_kind(value) is not None


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


def _names_token_or_api_key(ws: list[str]) -> bool:
    """`token`, `GITHUB_TOKEN`, `apiKey`, `SECRET_ACCESS_KEY`, not `validationKey` (a vendor's or a tool's own
    key is judged by its value's shape alone) nor `tokens`/`keys` (a collection or a count)."""
    return any(w == "token" or w == "apikey" or (w == "key" and i > 0 and ws[i - 1] in _KEY_QUALIFIERS)
               for i, w in enumerate(ws))


def _vendor_env_key(key: str) -> bool:
    """`STRIPE_KEY`, `MAILGUN_KEY`: an upper-case environment name ending in KEY after a vendor's name, which
    holds that vendor's credential (`SORT_KEY`, `CACHE_KEY` and other public or structural keys aside)."""
    ws = words(key)
    return (bool(_ENV_NAME.fullmatch(key.strip("\"'"))) and len(ws) > 1 and ws[-1] == "key"
            and ws[-2] not in _PUBLIC_KEY_QUALIFIERS)


def names_token_or_api_key(key: str) -> bool:
    """A token's or an API key's name (`API_TOKEN`, `apiKey`, `STRIPE_KEY`), not a structural key (`edge_key`)."""
    return _names_token_or_api_key(words(key)) or _vendor_env_key(key)


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
