#!/usr/bin/env python3
"""tlsproxy.py - TLS on 127.0.0.1 in front of another test server (plain HTTP on
127.0.0.1:--upstream), with the certificate and key given (made by openssl at
test time, self-signed).  Bytes are copied both ways unchanged.  Exits by itself
after --lifetime seconds.
"""
import argparse
import socket
import ssl
import sys
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--port-file", required=True)
ap.add_argument("--lifetime", type=float, default=120)
ap.add_argument("--cert", required=True)
ap.add_argument("--key", required=True)
ap.add_argument("--upstream", type=int, required=True)
args = ap.parse_args()

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(args.cert, args.key)
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(16)


def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(c):
    try:
        t = ctx.wrap_socket(c, server_side=True)
    except (ssl.SSLError, OSError) as e:
        # the client refused our certificate: what the test wants to see
        print("handshake failed:", e, file=sys.stderr)
        c.close()
        return
    u = socket.create_connection(("127.0.0.1", args.upstream))
    threading.Thread(target=pipe, args=(u, t), daemon=True).start()
    pipe(t, u)


def accept():
    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


threading.Thread(target=accept, daemon=True).start()
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(ls.getsockname()[1]))
import os
os.rename(args.port_file + ".tmp", args.port_file)
time.sleep(args.lifetime)
