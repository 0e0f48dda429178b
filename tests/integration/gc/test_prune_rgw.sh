#!/usr/bin/env bash
# git dvx prune against the rgw S3 peer (Ceph RADOS Gateway): see prune_scenario.sh.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_s3.sh"
. "$(dirname "$0")/lib_gc.sh"
. "$(dirname "$0")/prune_scenario.sh"
prune_scenario rgw
finish
