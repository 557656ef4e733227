#include <stdio.h>
#include "config.h"
#include "str_util.h"

int main(void) {
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        printf("%d|%s\n", config_columns(), str_trim(line));
    }
    return 0;
}
