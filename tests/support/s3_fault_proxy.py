#!/usr/bin/python3
"""A loopback HTTP proxy in front of a real S3 server (s3rver) that injects
faults, for the remote tests: the GoogleTest ones (tests/unit/remote) and the
bash ones (through s3_proxy_start in tests/integration/lib_s3.sh).

  --fail-rate R   answer a share R of requests with 503 SlowDown (S3 XML)
  --drop-rate R   for a share R of the other requests, close the connection:
                  either before answering, or (GET, half the time) half-way
                  through the response body
  --drop-after-forward
                  dropped requests reach the server first: the proxy forwards
                  them, sends the answer's headers and half its body, then
                  resets the connection; R is then a share of all requests
  --deny          answer every request with 403 AccessDenied (S3 XML)
  --deny-parts    answer 403 AccessDenied to multipart part uploads only
  --slow-parts    answer 503 SlowDown to every multipart part upload (a
                  transient failure that never clears: counts attempts)
  --fail-range K  answer 503 SlowDown to the K-th ranged GET (a Range other
                  than bytes=0-0), once: shows what a retry fetches again
  --log FILE      append one JSON line per request: method, path, query,
                  headers, action taken (deny, 503, drop, drop-mid-body,
                  drop-after-forward, forward) and the server's status
  --seed N        random seed (default 1)

Requests are forwarded (Host header included, hop-by-hop Connection and
Expect dropped) to 127.0.0.1:UPSTREAM.
"""
import argparse
import http.client
import json
import random
import socket
import struct
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--upstream", type=int, required=True)
ap.add_argument("--fail-rate", type=float, default=0.0)
ap.add_argument("--drop-rate", type=float, default=0.0)
ap.add_argument("--drop-after-forward", action="store_true")
ap.add_argument("--deny", action="store_true")
ap.add_argument("--deny-parts", action="store_true")
ap.add_argument("--slow-parts", action="store_true")
ap.add_argument("--fail-range", type=int, default=0)
ap.add_argument("--log", default=None)
ap.add_argument("--seed", type=int, default=1)
args = ap.parse_args()

rng = random.Random(args.seed)
lock = threading.Lock()
ranges_seen = [0]
ranges_lock = threading.Lock()


def roll():
    with lock:
        return rng.random()


def log(entry):
    if not args.log:
        return
    with lock:
        with open(args.log, "a") as f:
            f.write(json.dumps(entry) + "\n")


def error_xml(code, message):
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s</Message>"
            "<RequestId>proxy-%d</RequestId></Error>" % (code, message, int(roll() * 1e9))).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        data = b""
        while len(data) < n:
            chunk = self.rfile.read(min(1 << 20, n - len(data)))
            if not chunk:
                break
            data += chunk
        return data

    def _reply(self, status, body, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _drop(self):
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def _reset(self):
        # SO_LINGER 0: close() sends RST instead of FIN.
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close_connection = True
        self.connection.close()

    def handle_any(self):
        body = self._body()
        path, _, query = self.path.partition("?")
        entry = {"method": self.command, "path": path, "query": query,
                 "headers": {k.lower(): v for k, v in self.headers.items()}}
        if args.deny or (args.deny_parts and "partNumber=" in query):
            entry["action"] = "deny"
            log(entry)
            return self._reply(403, error_xml("AccessDenied", "Access Denied"))
        r = roll()
        if self.command == "GET" and entry["headers"].get("range", "bytes=0-0") != "bytes=0-0":
            with ranges_lock:
                ranges_seen[0] += 1
                fail_this_range = ranges_seen[0] == args.fail_range
        else:
            fail_this_range = False
        if r < args.fail_rate or (args.slow_parts and "partNumber=" in query) or fail_this_range:
            entry["action"] = "503"
            log(entry)
            return self._reply(503, error_xml("SlowDown", "Please reduce your request rate."))
        if args.drop_after_forward:
            drop, mid_body = False, False
            after_forward = r < args.fail_rate + args.drop_rate
        else:
            drop = roll() < args.drop_rate
            mid_body = drop and self.command == "GET" and roll() < 0.5
            after_forward = False
        if drop and not mid_body:
            entry["action"] = "drop"
            log(entry)
            return self._drop()
        conn = http.client.HTTPConnection("127.0.0.1", args.upstream, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "expect")}
        conn.request(self.command, self.path, body=body if body or self.command in ("PUT", "POST") else None,
                     headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        if after_forward:
            entry["action"] = "drop-after-forward"
        else:
            entry["action"] = "drop-mid-body" if mid_body and len(data) > 1 else "forward"
        entry["status"] = resp.status
        log(entry)
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() in ("transfer-encoding", "connection", "content-length"):
                continue
            self.send_header(k, v)
        length = int(resp.getheader("Content-Length") or len(data)) if self.command == "HEAD" else len(data)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if entry["action"] == "drop-after-forward":
            # The headers, half the body (nothing for HEAD), then a reset.
            if self.command != "HEAD" and data:
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
            return self._reset()
        if self.command == "HEAD":
            return
        if entry["action"] == "drop-mid-body":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            return self._drop()
        self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog is 5: git-dvx opens up to 64 connections
    # to an S3 remote at once, and the kernel reset the ones that did not fit.
    request_queue_size = 256


srv = Server(("127.0.0.1", args.port), Handler)
print("listening on", args.port, file=sys.stderr, flush=True)
srv.serve_forever()
