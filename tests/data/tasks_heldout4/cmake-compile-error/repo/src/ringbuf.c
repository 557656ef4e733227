#include <stdlib.h>
#include "ringbuf.h"

int ringbuf_init(struct ringbuf *rb, size_t cap) {
    rb->items = malloc(cap * sizeof *rb->items);
    if (!rb->items) return -1;
    rb->cap = cap;
    rb->head = 0;
    rb->len = 0;
    return 0;
}

int ringbuf_push(struct ringbuf *rb, int value) {
    if (rb->len == rb->capacity) return -1;
    rb->items[(rb->head + rb->len) % rb->cap] = value;
    rb->len++;
    return 0;
}

int ringbuf_pop(struct ringbuf *rb, int *out) {
    if (rb->len == 0) return -1;
    *out = rb->items[rb->head];
    rb->head = (rb->head + 1) % rb->cap;
    rb->len--;
    return 0;
}

void ringbuf_free(struct ringbuf *rb) {
    free(rb->items);
    rb->items = NULL;
}
