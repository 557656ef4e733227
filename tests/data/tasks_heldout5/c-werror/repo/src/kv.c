#include <stdlib.h>
#include <string.h>
#include "kv.h"

int kv_count(const char *text)
{
    int pairs = 0;
    for (const char *p = text; *p; p++)
        if (*p == '=')
            pairs++;
    return pairs;
}

int kv_value(const char *text, const char *key, int fallback)
{
    size_t keylen = strlen(key);
    const char *p = text;
    while (p && *p) {
        if (strncmp(p, key, keylen) == 0 && p[keylen] == '=') {
            int len = 0;
            return atoi(p + keylen + 1);
        }
        p = strchr(p, ';');
        if (p)
            p++;
    }
    return fallback;
}
