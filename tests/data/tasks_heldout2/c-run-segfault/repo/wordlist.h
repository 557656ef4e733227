#ifndef WORDLIST_H
#define WORDLIST_H
typedef struct node { char *word; struct node *next; } node;
node *wordlist_load(const char *path);
int wordlist_count(const node *head);
const char *wordlist_longest(const node *head);
#endif
