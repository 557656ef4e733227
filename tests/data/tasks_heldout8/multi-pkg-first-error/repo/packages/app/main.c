#include <stdio.h>
#include "net.h"

int main(void)
{
    net_conn conn = {0, 0};
    if (net_set_timeout(&conn, 250) != 0)
        return 1;
    printf("timeout %d ms\n", conn.timeout_ms);
    return 0;
}
