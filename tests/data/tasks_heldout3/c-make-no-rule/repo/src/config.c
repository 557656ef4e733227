#include "config.h"

int config_columns(void) { return 3; }
