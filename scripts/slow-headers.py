#!/usr/bin/env python3
"""Opens COUNT connections to the intake at HOST:PORT, from SOURCE (a loopback address such as
127.0.0.2), each sending a request header that never ends; then asks GET /challenge from
127.0.0.1 on a fresh connection and prints how long the answer took, and, WAIT seconds later,
how many of the slow connections the service has closed.

    python3 scripts/slow-headers.py 127.0.0.1:8090 19000 127.0.0.2 15
"""
import resource, select, socket, sys, time

address, count, source, wait = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
host, port = address.rsplit(':', 1)
port = int(port)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

slow, refused = [], 0
started = time.monotonic()
for _ in range(count):
    s = socket.socket()
    s.settimeout(0.3)
    s.bind((source, 0))
    try:
        s.connect((host, port))
        s.sendall(b"GET /challenge HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(s)
    except OSError:
        refused += 1
        s.close()
print(f"opened {len(slow)} slow connections ({refused} refused) in {time.monotonic() - started:.1f} s")

started = time.monotonic()
try:
    probe = socket.create_connection((host, port), timeout=10)
    probe.sendall(b"GET /challenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    answer = probe.recv(64).split(b"\r\n")[0].decode()
except OSError as error:
    answer = f"no answer: {error}"
print(f"GET /challenge from 127.0.0.1: {answer!r} after {time.monotonic() - started:.2f} s")

time.sleep(wait)
poller = select.poll()
for s in slow:
    poller.register(s, select.POLLIN | select.POLLHUP | select.POLLERR)
# A connection the service closed reads as ready (end of file or reset); an open one does not.
closed = len(poller.poll(0))
print(f"{wait:.0f} s later the service had closed {closed} of {len(slow)} slow connections")
