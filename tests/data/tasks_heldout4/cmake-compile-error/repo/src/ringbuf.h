#ifndef RINGBUF_H
#define RINGBUF_H

#include <stddef.h>

struct ringbuf {
    int *items;
    size_t cap;   /* renamed from `capacity` in 0.4 */
    size_t head;
    size_t len;
};

int ringbuf_init(struct ringbuf *rb, size_t cap);
int ringbuf_push(struct ringbuf *rb, int value);
int ringbuf_pop(struct ringbuf *rb, int *out);
void ringbuf_free(struct ringbuf *rb);

#endif
