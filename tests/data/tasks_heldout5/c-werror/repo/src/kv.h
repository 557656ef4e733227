#ifndef KV_H
#define KV_H

int kv_count(const char *text);
int kv_value(const char *text, const char *key, int fallback);

#endif
