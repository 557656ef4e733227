#include <math.h>
#include "shapes.h"

double shape_area(const shape *s)
{
    switch (s->kind) {
    case SHAPE_CIRCLE:
        return M_PI * s->a * s->a;
    case SHAPE_RECT:
        return s->a * s->b;
    case SHAPE_TRIANGLE: {
        double p = (s->a + s->b + s->c) / 2.0;
        return sqrt(p * (p - s->a) * (p - s->b) * (p - s->c));
    }
    }
    return 0.0;
}
