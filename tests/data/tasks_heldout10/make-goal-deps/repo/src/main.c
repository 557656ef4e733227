#include <stdio.h>
int count(FILE *f);
int main(void) { printf("%d\n", count(stdin)); return 0; }
