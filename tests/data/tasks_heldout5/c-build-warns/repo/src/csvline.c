#include <string.h>
#include "csvline.h"

/* Counts the comma-separated fields of one line (no quoting support yet). */
int csv_field_count(const char *line, int flags)
{
    int count = 1;
    size_t len = strlen(line);
    for (int i = 0; i < len; i++) {
        if (line[i] == ',')
            count++;
    }
    return count;
}

long csv_total_fields(const char **lines, int n)
{
    long total = 0;
    for (int i = 0; i < n; i++)
        total += csv_field_count(lines[i], 0);
    return total;
}
