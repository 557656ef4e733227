#include <stdio.h>
long count_words(FILE *f);
int main(void) { printf("%ld\n", count_words(stdin)); return 0; }
