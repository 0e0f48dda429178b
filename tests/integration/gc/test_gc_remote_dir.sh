#!/usr/bin/env bash
# gc --remote against a directory store: see gc_remote_scenario.sh.
. "$(dirname "$0")/../lib.sh"

. "$(dirname "$0")/lib_gc.sh"
. "$(dirname "$0")/gc_remote_scenario.sh"
gc_remote_scenario dir
finish
