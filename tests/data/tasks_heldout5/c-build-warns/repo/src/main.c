#include <stdio.h>
#include "csvline.h"

int main(void)
{
    const char *lines[] = {"id,name,qty", "1,bolt,40", "2,nut,120"};
    long total = csv_total_fields(lines, 3);
    printf("%d fields in %d lines\n", total, 3);
    return 0;
}
