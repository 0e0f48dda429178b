#!/usr/bin/env bash
# test_sync_s3_errors.sh against Ceph's RADOS Gateway, the stricter S3 peer (checks
# SigV4, 5 MiB minimum parts, AWS multipart ETags): lib_s3.sh's s3_start
# starts the peer DVX_S3_PEER names.
DVX_S3_PEER=rgw exec bash "$(dirname "$0")/test_sync_s3_errors.sh"
