#include <string.h>

static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
static const char *symbols[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};

void to_roman(int n, char *out) {
    out[0] = '\0';
    for (int i = 0; i < 13; i++) {
        /* bug: should be while (n >= values[i]) */
        if (n >= values[i]) {
            strcat(out, symbols[i]);
            n -= values[i];
        }
    }
}
