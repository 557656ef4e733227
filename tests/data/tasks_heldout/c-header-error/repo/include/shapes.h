#ifndef SHAPES_H
#define SHAPES_H

typedef enum { SHAPE_CIRCLE, SHAPE_RECT, SHAPE_TRIANGLE } shape_kind;

typedef struct {
    shape_kind kind;
    double a;
    double b;
    double c;
} shape

shape shape_circle(double r);
shape shape_rect(double w, double h);
shape shape_triangle(double a, double b, double c);
double shape_area(const shape *s);
const char *shape_name(shape_kind k);

#endif
