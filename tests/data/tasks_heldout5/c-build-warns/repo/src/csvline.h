#ifndef CSVLINE_H
#define CSVLINE_H
#include <stddef.h>

int csv_field_count(const char *line, int flags);
long csv_total_fields(const char **lines, int n);

#endif
