#include <string.h>
#include "kv.h"

static int copy_trim(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    if (n == 0 || n >= cap) return -1;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return 0;
}

int kv_parse(const char *text, kv_pair *out, size_t cap, size_t *count)
{
    int line = 0;
    *count = 0;
    while (*text) {
        const char *end = strchr(text, '\n');
        size_t len = end ? (size_t)(end - text) : strlen(text);
        line++;
        if (len > 0 && text[0] != '#') {
            const char *eq = memchr(text, '=', len);
            if (!eq || *count >= cap) return line;
            kv_pair *p = &out[*count];
            if (copy_trim(p->key, sizeof p->key, text, (size_t)(eq - text)) != 0) return line;
            if (copy_trim(p->value, sizeof p->value, eq + 1, len - (size_t)(eq - text) - 1) != 0) return line;
            (*count)++;
        }
        text += len + (end ? 1 : 0);
    }
    return 0;
}

const char *kv_get(const kv_pair *pairs, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(pairs[i].key, key) == 0) return pairs[i].value;
    return NULL;
}
