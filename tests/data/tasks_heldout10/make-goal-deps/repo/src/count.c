#include <stdio.h>
int count(FILE *f) { int c, n = 0; while ((c = getc(f)) != EOF) n += c == 10; return n; }
