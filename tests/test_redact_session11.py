"""Redaction round 8 (session 11): the general rules held-out set 8 showed missing (tests/data/redaction_heldout8)."""

from __future__ import annotations

from terminus_edge.redact import redact


def test_cloudformation_parameter_key_value_pairs():
    text = ('{\n    "ParameterKey": "DbPassword",\n    "ParameterValue": "WillowMaple75*"\n},\n'
            '{\n    "ParameterKey": "Env",\n    "ParameterValue": "prod"\n}\n')
    out = redact(text)
    assert "WillowMaple75*" not in out and '"ParameterValue": "prod"' in out


def test_authorization_header_with_any_scheme():
    out = redact("> Authorization: Splunk 6688bc29-0c60-4e66-adcb-3c75400171d1\n< X-Request-Id: 74d51e3e-096c-4ea1-ac12-abbcfea4abd1\n")
    assert "6688bc29" not in out and "74d51e3e-096c-4ea1-ac12-abbcfea4abd1" in out and "Splunk" in out


def test_wget_debug_echoes_its_password_option():
    out = redact("Setting --user (user) to backup\nSetting --password (password) to SkylineWillow66#\n")
    assert "SkylineWillow66#" not in out and "Setting --user (user) to backup" in out


def test_redis_requirepass_and_masterauth_flags():
    out = redact("redis-server *:6379 --requirepass 0GDxlwppx5AObc5gOWGx4kZryXSwgOHr --masterauth Xk29fjQpWm2Lr8 --maxmemory 256mb\n")
    assert "0GDxlwppx5AObc5g" not in out and "Xk29fjQpWm2Lr8" not in out and "--maxmemory 256mb" in out


def test_mnemonic_is_a_secret_and_a_contract_address_is_not():
    out = redact('MNEMONIC="acid across abandon address accident act accuse acoustic action absent adjust adapt"\n'
                 "TOKEN_CONTRACT=0x0e4542d7ed75faf7209554522c4a05062e330816\n")
    assert "acid across" not in out and "TOKEN_CONTRACT=0x0e4542d7ed75faf7209554522c4a05062e330816" in out


def test_cookie_jar_keeps_a_short_plain_value():
    jar = ("127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n"
           "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsessionid\t0e4542d7ed75faf7209554522c4a0506\n")
    out = redact(jar)
    assert "theme\tdark" in out and "0e4542d7ed75faf7" not in out


def test_public_halves_derived_from_key_files_stay():
    text = ("age17jt54qv8aw355zljrk30esj60ljr9t7hmp8py04ra3u2f7s6hftsz3ansv\n"
            "+1C3p2s0KtpHeyyQztg7oLRWzWDgpidKAat/GKTkwDE=\n")
    assert redact(text, command="age-keygen -y age.txt; wg pubkey < wg.key") == text
    assert "+1C3p2s0" not in redact("+1C3p2s0KtpHeyyQztg7oLRWzWDgpidKAat/GKTkwDE=\n", command="sed -n 1p < wg.key")


def test_websocket_key_is_a_nonce_and_a_kms_plaintext_is_a_key():
    out = redact("> Sec-WebSocket-Key: TzRHVk55aUNES2Z0SHRZNw==\n")
    assert "TzRHVk55aUNES2Z0SHRZNw==" in out
    out = redact('{\n    "CiphertextBlob": "NDEwMWIwZjYtYWNlNC00NjNlLThlZDAtMzJjNTNhZTdlYWRkTsMOEsOI",\n'
                 '    "Plaintext": "OgRU2cz8vtWPne4AIoTwDzLRGAJaDZ0zda1cQu26N/U="\n}\n')
    assert "OgRU2cz8vtWP" not in out and "NDEwMWIwZjYtYWNlNC00NjNl" in out


def test_a_string_in_a_json_list_is_no_bare_secret_line():
    text = '{\n    "SecretString": "{\\"password\\": \\"Xk29fjQpWm2Lr8\\"}",\n    "VersionStages": [\n        "AWSCURRENT"\n    ]\n}\n'
    out = redact(text, command="aws secretsmanager get-secret-value --secret-id prod/db")
    assert "AWSCURRENT" in out and "Xk29fjQpWm2Lr8" not in out
    assert "Xk29fjQpWm2Lr8" not in redact("Xk29fjQpWm2Lr8\n", command="aws secretsmanager get-secret-value --secret-id x "
                                                                    "--query SecretString --output text")


def test_go_mysql_dsn_password():
    out = redact("datasource billing -> billing:VelvetThistle51%@tcp(mysql.acme.internal:3306)/billing?parseTime=true\n")
    assert "VelvetThistle51%" not in out and "@tcp(mysql.acme.internal:3306)/billing?parseTime=true" in out


def test_drawn_table_row_named_by_its_first_cell():
    table = ("|          Name           |     Type      |          Value           |\n"
             "|  /prod/app/db_password  |  SecureString |  FalconPebble40*         |\n"
             "|  /prod/app/log_level    |  String       |  info                    |\n"
             "| password | string | The user's password |\n")
    out = redact(table)
    assert "FalconPebble40*" not in out and "|  info  " in out and "The user's password" in out


def test_curl_trace_ascii_rows_joined_back():
    text = ("=> Send data, 154 bytes (0x9a)\n"
            "0000: grant_type=client_credentials&client_id=reports-job&client_secre\n"
            "0040: t=9M71uUC6dXE67HSyDv5S0ZGciiCNYlbiFG9aH3vL3smBHEv3YDviOlmOn9m-uH\n"
            "0080: iaaQVJY8&scope=read:orders\n")
    out = redact(text)
    assert "9M71uUC6dXE6" not in out and "client_secre\n0040: t=" in out and "&scope=read:orders" in out


def test_table_cell_folded_over_rows():
    table = ("\u2502 github-ci    \u2502 ghp_XoeSArXvEpqsGfh1hsqHsjkz \u2502 2026-11-02 \u2502\n"
             "\u2502              \u2502 P5tRLhsREDfm                 \u2502            \u2502\n")
    out = redact(table)
    assert "XoeSArXvEpqs" not in out and "P5tRLhsREDfm" not in out and "github-ci" in out and "2026-11-02" in out
    rows = "\u2502 a \u2502 b \u2502\n\u2502   \u2502 c \u2502\n"
    assert redact(rows) == rows


def test_sigv4_authorization_keeps_its_scope_and_signed_headers():
    line = ("Authorization: AWS4-HMAC-SHA256 Credential=ASIAVO5UAUT3SASNHLQT/20261126/eu-west-1/sqs/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, Signature=" + "9b92135ac41a8e8d" * 4 + "\n")
    out = redact(line)
    assert "ASIAVO5UAUT3" not in out and "9b92135ac41a8e8d" not in out
    assert "/20261126/eu-west-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date" in out


def test_a_mnemonic_is_a_seed_phrase_not_an_instruction():
    assert "mov" in redact('{"address": "0x401000", "mnemonic": "mov", "op_str": "rax, rbx"}\n')
    out = redact("SEED_PHRASE=acid across abandon address accident act accuse acoustic action absent adjust adapt\n")
    assert "acid across" not in out
