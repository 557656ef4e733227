#include "core.h"

int core_clamp(int value, int low, int high)
{
    if (value < low)
        return low;
    return value > high ? high : value;
}
