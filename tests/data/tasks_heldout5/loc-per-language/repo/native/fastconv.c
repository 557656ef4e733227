#include "fastconv.h"

double conv_0(double v)
{
    return v * 0.5;
}

double conv_1(double v)
{
    return v * 1.5;
}

double conv_2(double v)
{
    return v * 2.5;
}

double conv_3(double v)
{
    return v * 3.5;
}

double conv_4(double v)
{
    return v * 4.5;
}

