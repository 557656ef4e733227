#ifndef FASTCONV_H
#define FASTCONV_H
double conv_0(double v);
double conv_1(double v);
double conv_2(double v);
double conv_3(double v);
double conv_4(double v);
#endif
