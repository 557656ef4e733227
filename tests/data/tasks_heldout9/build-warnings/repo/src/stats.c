#include <math.h>
#include "stats.h"

double mean(const double *xs, size_t n) {
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += xs[i];
    return n ? sum / n : 0;
}

double stddev(const double *xs, size_t n) {
    double m = mean(xs, n), acc = 0;
    int unused_count;
    for (size_t i = 0; i < n; i++)
        acc += (xs[i] - m) * (xs[i] - m);
    return n > 1 ? sqrt(acc / (n - 1)) : 0;
}
