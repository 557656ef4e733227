#ifndef NET_H
#define NET_H
typedef struct {
    int fd;
    int timeout_ms;
} net_conn;

int net_set_timeout(net_conn *conn, int timeout_ms);
#endif
