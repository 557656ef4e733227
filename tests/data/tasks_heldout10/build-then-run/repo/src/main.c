#include <stdio.h>
#include <stdlib.h>

void to_roman(int n, char *out);

int main(int argc, char **argv) {
    char buf[64];
    for (int i = 1; i < argc; i++) {
        to_roman(atoi(argv[i]), buf);
        printf("%s = %s\n", argv[i], buf);
    }
    return 0;
}
