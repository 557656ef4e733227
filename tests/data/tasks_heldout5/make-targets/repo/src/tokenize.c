#include <ctype.h>
#include <stdio.h>

int next_word(FILE *in, char *buf, int cap)
{
    int c, n = 0;
    while ((c = fgetc(in)) != EOF && !isalpha(c))
        ;
    while (c != EOF && isalpha(c) && n < cap - 1) {
        buf[n++] = (char)tolower(c);
        c = fgetc(in);
    }
    buf[n] = '\0';
    return n;
}
