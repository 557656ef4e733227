#include <stdio.h>
#include "shapes.h"

int main(void)
{
    shape all[] = { shape_circle(1.0), shape_rect(2.0, 3.5), shape_triangle(3, 4, 5) };
    for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
        printf("%-10s %8.3f\n", shape_name(all[i].kind), shape_area(&all[i]));
    return 0;
}
