#!/usr/bin/env python3
"""hammer.py PORT N SEED: sends N malformed requests to kaohe serve on
127.0.0.1:PORT -- random bytes, truncated and lying bodies, huge and many
headers, broken multipart, bad methods and paths -- 16 at a time, each on its
own connection, reading whatever comes back (bounded by a short timeout).
Prints the count of each kind of answer; exits 1 when the server stops
answering a plain GET / in between."""
import random
import socket
import sys
import threading
import time

port, n, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)


def send(data, read=True, timeout=2.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        if not read:
            return b""
        s.shutdown(socket.SHUT_WR)
        out = b""
        while len(out) < 1 << 20:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
        return out
    except (socket.timeout, ConnectionError, OSError):
        return b""
    finally:
        s.close()


def multipart(boundary, parts):
    out = b""
    for name, filename, body in parts:
        out += b"--" + boundary + b"\r\n"
        disp = b'Content-Disposition: form-data; name="' + name + b'"'
        if filename is not None:
            disp += b'; filename="' + filename + b'"'
        out += disp + b"\r\n\r\n" + body + b"\r\n"
    return out + b"--" + boundary + b"--\r\n"


def post(body, ctype=b"multipart/form-data; boundary=XyZ", extra=b"", length=None):
    if length is None:
        length = len(body)
    return (b"POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\n"
            b"Cookie: kaohe_csrf=%s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n"
            % (port, port, b"0" * 32, ctype, length, extra)) + body


def rand_bytes(k):
    return bytes(rnd.getrandbits(8) for _ in range(k))


def case(i):
    k = i % 12
    if k == 0:
        return rand_bytes(rnd.randint(1, 4000))
    if k == 1:  # a huge header
        return b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * rnd.randint(70000, 200000) + b"\r\n\r\n"
    if k == 2:  # many headers
        return b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: %d\r\n" % (j, j) for j in range(5000)) + b"\r\n"
    if k == 3:  # a body shorter than its Content-Length
        body = multipart(b"XyZ", [(b"csrf", None, b"0" * 32), (b"files", b"a.csv", rand_bytes(500))])
        return post(body[: rnd.randint(0, len(body))], length=len(body) + 100)
    if k == 4:  # broken multipart
        body = b"--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + rand_bytes(30) + b"\"\r\n\r\n" + rand_bytes(300)
        return post(body)
    if k == 5:  # random bytes as the body
        return post(rand_bytes(rnd.randint(0, 5000)))
    if k == 6:  # random request line
        meth = rnd.choice([b"GET", b"PUT", b"DELETE", b"TRACE", b"OPTIONS", b"CONNECT", b"G\x00T", rand_bytes(5)])
        path = rnd.choice([b"/", b"/jobs/", b"/jobs/../../etc/passwd", b"/%00", b"/jobs/" + b"a" * 32 + b"/..%2f..%2fresult",
                           b"/" + rand_bytes(40), b"*", b"http://x/"])
        return meth + b" " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    if k == 7:  # chunked with bad chunk sizes
        return (b"POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nOrigin: http://127.0.0.1:%d\r\n"
                b"Content-Type: multipart/form-data; boundary=XyZ\r\nTransfer-Encoding: chunked\r\n\r\n" % (port, port)
                + b"%x\r\n" % rnd.randint(0, 1 << 40) + rand_bytes(100))
    if k == 8:  # many file parts and fields
        parts = [(b"files", b"f%d.csv" % j, b"x") for j in range(rnd.randint(30, 80))]
        return post(multipart(b"XyZ", parts))
    if k == 9:  # a missing boundary, a wrong type
        return post(b"abc", ctype=rnd.choice([b"multipart/form-data", b"text/plain", b"application/x-www-form-urlencoded",
                                                b"multipart/form-data; boundary=", b"multipart/form-data; boundary=" + b"b" * 5000]))
    if k == 10:  # headers cut short
        return b"GET /jobs/" + b"0" * 32 + b".json HTTP/1.1\r\nHost: x\r\nCookie: " + rand_bytes(rnd.randint(0, 300))
    return b"POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: -5\r\n\r\n" % port


def alive():
    out = send(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=10)
    return out.startswith(b"HTTP/1.1 200")


counts = {}
lock = threading.Lock()
cases = [case(i) for i in range(n)]  # made up front: one seeded sequence


def worker(start):
    for i in range(start, n, 16):
        out = send(cases[i], read=(i % 5 != 4), timeout=0.2)
        status = out[9:12].decode("latin-1") if out.startswith(b"HTTP/1.") else "none"
        with lock:
            counts[status] = counts.get(status, 0) + 1


threads = [threading.Thread(target=worker, args=(k,)) for k in range(16)]
for t in threads:
    t.start()
while any(t.is_alive() for t in threads):
    if not alive():
        print("hammer: the server stopped answering while hammered")
        sys.exit(1)
    time.sleep(0.5)
for t in threads:
    t.join()
if not alive():
    print("hammer: the server stopped answering")
    sys.exit(1)
print("hammer:", n, "requests;", ", ".join("%s: %d" % kv for kv in sorted(counts.items())))
