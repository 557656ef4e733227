#include "shapes.h"

shape shape_circle(double r) { shape s = {SHAPE_CIRCLE, r, 0, 0}; return s; }
shape shape_rect(double w, double h) { shape s = {SHAPE_RECT, w, h, 0}; return s; }
shape shape_triangle(double a, double b, double c) { shape s = {SHAPE_TRIANGLE, a, b, c}; return s; }

const char *shape_name(shape_kind k)
{
    switch (k) {
    case SHAPE_CIRCLE: return "circle";
    case SHAPE_RECT: return "rectangle";
    case SHAPE_TRIANGLE: return "triangle";
    }
    return "?";
}
