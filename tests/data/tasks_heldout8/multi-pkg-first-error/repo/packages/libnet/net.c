#include "net.h"
#include "core.h"

/* Timeouts are clamped to between 10 ms and one minute. */
int net_set_timeout(net_conn *conn, int timeout_ms)
{
    if (!conn)
        return -1;
    conn->timeout_ms = core_clamp(timeout_ms, 10, 60000);
    conn->retries = 3;
    return 0;
}
