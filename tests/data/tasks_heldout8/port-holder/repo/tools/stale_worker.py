"""An old preview worker that was meant to be stopped: it keeps a socket open and does nothing."""
import socket
import sys
import time

sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", int(sys.argv[1])))
sock.listen()
time.sleep(float(sys.argv[2]))
