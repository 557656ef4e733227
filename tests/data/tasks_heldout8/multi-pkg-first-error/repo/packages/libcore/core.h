#ifndef CORE_H
#define CORE_H
int core_clamp(int value, int low, int high);
#endif
