#!/usr/bin/python3
"""SigV4 oracle for the remote tests: botocore.auth.S3SigV4Auth signs each
request read as JSON on stdin; prints one JSON object per request with the
URL botocore-style encoding gives and the Authorization header.

Input: a JSON list of {method, endpoint, bucket, key, params: [[k, v|null]...],
headers: {..}, body_hex, access_key, secret_key, token, region, timestamp}
(timestamp = "YYYYmmddTHHMMSSZ"), optional virtual_host: true.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode


def url_for(r):
    endpoint = r["endpoint"]
    path = ""
    if r.get("virtual_host"):  # https://bucket.host/key
        scheme, host = endpoint.split("://", 1)
        endpoint = scheme + "://" + r["bucket"] + "." + host
    else:
        path = "/" + r["bucket"]
    if r["key"] or r.get("virtual_host"):
        path += "/" + percent_encode(r["key"], safe="/~")
    parts = []
    for k, v in r["params"]:
        parts.append(percent_encode(k) if v is None else percent_encode(k) + "=" + percent_encode(v))
    return endpoint + path + ("?" + "&".join(parts) if parts else "")


def sign(r):
    url = url_for(r)
    body = bytes.fromhex(r["body_hex"])
    req = AWSRequest(method=r["method"], url=url, data=body, headers=dict(r["headers"]))
    creds = Credentials(r["access_key"], r["secret_key"], r.get("token") or None)
    auth = botocore.auth.S3SigV4Auth(creds, "s3", r["region"])
    when = datetime.datetime.strptime(r["timestamp"], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.datetime") as dt:
        dt.datetime.utcnow.return_value = when
        dt.datetime.strptime = datetime.datetime.strptime
        auth.add_auth(req)
    return {"url": url, "authorization": req.headers["Authorization"],
            "content_sha256": req.headers["X-Amz-Content-SHA256"]}


print(json.dumps([sign(r) for r in json.load(sys.stdin)]))
