#include <stdio.h>
#include "kv.h"

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "";
    printf("%d pairs, b=%d\n", kv_count(text), kv_value(text, "b", -1));
    return 0;
}
