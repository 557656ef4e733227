#include <stdio.h>
#include <string.h>
#include "kv.h"

static int run = 0, failed = 0;

#define CHECK(name, cond) do { run++; if (cond) printf("[ OK ]   %s\n", name); \
    else { failed++; printf("[FAIL]   %s (%s:%d)\n", name, __FILE__, __LINE__); } } while (0)

int main(void)
{
    kv_pair p[8];
    size_t n;

    CHECK("parses_simple_pair", kv_parse("a=1", p, 8, &n) == 0 && n == 1);
    CHECK("trims_whitespace", kv_parse("  name =  bob \n", p, 8, &n) == 0 && strcmp(p[0].value, "bob") == 0);
    CHECK("skips_comments", kv_parse("# c\nx=2\n", p, 8, &n) == 0 && n == 1);
    CHECK("skips_blank_lines", kv_parse("\n\nx=2\n\n", p, 8, &n) == 0 && n == 1);
    CHECK("error_on_missing_equals", kv_parse("a=1\nbroken\n", p, 8, &n) == 2);
    CHECK("error_on_empty_key", kv_parse(" =3", p, 8, &n) == 1);
    CHECK("error_line_number_is_reported", kv_parse("a=1\nb=2\nc\n", p, 8, &n) == 3);
    CHECK("fails_when_capacity_exceeded", kv_parse("a=1\nb=2\nc=3", p, 2, &n) == 3);
    CHECK("crlf_line_endings", kv_parse("k=v\r\n", p, 8, &n) == 0 && strcmp(p[0].value, "v") == 0);
    CHECK("get_existing_key", kv_parse("a=1\nb=2", p, 8, &n) == 0 && strcmp(kv_get(p, n, "b"), "2") == 0);
    CHECK("get_missing_key_returns_null", kv_get(p, n, "zzz") == NULL);
    CHECK("value_too_long_is_an_error", kv_parse("k=0123456789012345678901234567890123456789012345678901234567890123456789", p, 8, &n) == 1);

    printf("\n%d checks, %d failures\n", run, failed);
    if (failed)
        fprintf(stderr, "error: %d check(s) failed\n", failed);
    return failed ? 1 : 0;
}
