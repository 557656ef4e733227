#include <stdio.h>
#include "wordlist.h"

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "words.txt";
    node *list = wordlist_load(path);
    printf("loaded %d words from %s\n", wordlist_count(list), path);
    printf("longest: %s\n", wordlist_longest(list));
    return 0;
}
