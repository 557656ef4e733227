#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wordlist.h"

node *wordlist_load(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    node *head = NULL;
    char buf[128];
    while (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        node *n = malloc(sizeof *n);
        n->word = strdup(buf);
        n->next = head;
        head = n;
    }
    fclose(f);
    return head;
}

int wordlist_count(const node *head)
{
    int n = 0;
    for (; head; head = head->next) n++;
    return n;
}

const char *wordlist_longest(const node *head)
{
    const char *best = head->word;
    for (; head; head = head->next)
        if (strlen(head->word) > strlen(best)) best = head->word;
    return best;
}
