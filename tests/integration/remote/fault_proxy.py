#!/usr/bin/env python3
"""A fault-injecting HTTP proxy for the sync tests: forwards requests to an
S3 server on 127.0.0.1, but answers a share of them with 503 SlowDown and
drops the connection of another share halfway through the response. Every
request is logged as "<method> <path> -> <outcome>"."""
import argparse
import http.client
import random
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = None
lock = threading.Lock()
rng = random.Random(7)


def log(line):
    with lock, open(args.log, "a") as f:
        f.write(line + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with lock:
            roll = rng.random()
        if roll < args.fail_rate:
            log(f"{self.command} {self.path} -> 503")
            msg = b'<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>injected</Message></Error>'
            self.send_response(503)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(msg)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(msg)
            return
        conn = http.client.HTTPConnection("127.0.0.1", args.upstream, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "expect")}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        drop = roll < args.fail_rate + args.drop_rate
        log(f"{self.command} {self.path} -> {resp.status}{' dropped' if drop else ''}")
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() in ("connection", "transfer-encoding", "content-length"):
                continue
            self.send_header(k, v)
        if self.command == "HEAD":
            self.send_header("Content-Length", resp.getheader("Content-Length", "0"))
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if drop:
            # Half the body (or nothing, for HEAD), then a reset.
            if self.command != "HEAD" and data:
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            except OSError:
                pass
            self.close_connection = True
            self.connection.close()
            return
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--upstream", type=int, required=True)
    p.add_argument("--fail-rate", type=float, default=0.2)
    p.add_argument("--drop-rate", type=float, default=0.1)
    p.add_argument("--log", required=True)
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
