#include <stdio.h>
#include "ringbuf.h"

int main(void) {
    struct ringbuf rb;
    if (ringbuf_init(&rb, 3) != 0) return 1;
    for (int i = 1; i <= 4; i++)
        printf("push %d -> %s\n", i, ringbuf_push(&rb, i) == 0 ? "ok" : "full");
    int v;
    while (ringbuf_pop(&rb, &v) == 0) printf("pop %d\n", v);
    ringbuf_free(&rb);
    return 0;
}
