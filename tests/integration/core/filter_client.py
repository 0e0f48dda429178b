#!/usr/bin/env python3
"""Speaks git's long-running filter protocol (v2) to `git-dvx filter-process`
directly, the way git does, to test what git itself cannot easily provoke:
unknown keys, large packets, a failing request followed by a good one.
Prints one JSON object per request: {"status": ..., "content_sha256": ..., "size": ...}."""
import hashlib, json, subprocess, sys


def pkt(data: bytes) -> bytes:
    return b"%04x" % (len(data) + 4) + data


def read_pkt(stream):
    head = stream.read(4)
    if len(head) < 4:
        raise EOFError("filter closed the pipe")
    n = int(head, 16)
    return None if n == 0 else stream.read(n - 4)


def read_until_flush(stream):
    out = []
    while (p := read_pkt(stream)) is not None:
        out.append(p)
    return out


def main():
    requests = json.load(open(sys.argv[2]))
    proc = subprocess.Popen([sys.argv[1], "filter-process"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    w, r = proc.stdin, proc.stdout
    w.write(pkt(b"git-filter-client\n") + pkt(b"version=2\n") + b"0000")
    w.write(pkt(b"capability=clean\n") + pkt(b"capability=smudge\n") + pkt(b"capability=delay\n") + b"0000")
    w.flush()
    hello = read_until_flush(r)
    caps = read_until_flush(r)
    print(json.dumps({"hello": [h.decode().strip() for h in hello], "caps": [c.decode().strip() for c in caps]}))
    for req in requests:
        content = open(req["file"], "rb").read() if "file" in req else req.get("text", "").encode()
        w.write(pkt(f"command={req['command']}\n".encode()) + pkt(f"pathname={req['path']}\n".encode()))
        for extra in req.get("extra", []):
            w.write(pkt((extra + "\n").encode()))
        w.write(b"0000")
        for i in range(0, len(content), 65516):
            w.write(pkt(content[i:i + 65516]))
        w.write(b"0000")
        w.flush()
        status = [s.decode().strip() for s in read_until_flush(r)]
        result = {"status": status}
        if status == ["status=success"]:
            body = b"".join(read_until_flush(r))
            trailer = [s.decode().strip() for s in read_until_flush(r)]
            result.update(content_sha256=hashlib.sha256(body).hexdigest(), size=len(body),
                          text=body.decode("utf-8", "replace") if len(body) < 1024 else "", trailer=trailer)
        print(json.dumps(result), flush=True)
    w.close()
    print(json.dumps({"exit": proc.wait()}))


main()
