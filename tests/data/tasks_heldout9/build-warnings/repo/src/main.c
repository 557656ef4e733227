#include <stdio.h>
#include <stdlib.h>
#include "stats.h"

int main(int argc, char **argv) {
    double xs[64];
    size_t n = 0;
    for (int i = 1; i < argc && n < 64; i++)
        xs[n++] = atof(argv[i]);
    printf("mean %.3f sd %.3f\n", mean(xs, n), stddev(xs, n));
    return 0;
}
