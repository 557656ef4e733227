#include <stdio.h>

int next_word(FILE *in, char *buf, int cap);

int main(void)
{
    char word[64];
    int words = 0;
    while (next_word(stdin, word, sizeof word) > 0)
        words++;
    printf("%d words\n", words);
    return 0;
}
