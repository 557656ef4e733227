#ifndef KV_H
#define KV_H
#include <stddef.h>

/* Parse "key=value" lines. Returns 0 on success, the 1-based line number of
 * the first malformed line otherwise. */
typedef struct { char key[32]; char value[64]; } kv_pair;

int kv_parse(const char *text, kv_pair *out, size_t cap, size_t *count);
const char *kv_get(const kv_pair *pairs, size_t n, const char *key);

#endif
