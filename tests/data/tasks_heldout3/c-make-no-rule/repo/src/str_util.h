#ifndef STR_UTIL_H
#define STR_UTIL_H
char *str_trim(char *s);
#endif
