#!/usr/bin/env bash
# gc --remote against the s3rver S3 peer: see gc_remote_scenario.sh.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_s3.sh"
. "$(dirname "$0")/lib_gc.sh"
. "$(dirname "$0")/gc_remote_scenario.sh"
gc_remote_scenario s3rver
finish
