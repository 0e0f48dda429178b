#!/usr/bin/env bash
# git dvx prune against the s3rver S3 peer: see prune_scenario.sh.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_s3.sh"
. "$(dirname "$0")/lib_gc.sh"
. "$(dirname "$0")/prune_scenario.sh"
prune_scenario s3rver
finish
