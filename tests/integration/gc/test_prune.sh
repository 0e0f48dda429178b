#!/usr/bin/env bash
# git dvx prune against a directory store: see prune_scenario.sh.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib_gc.sh"
. "$(dirname "$0")/prune_scenario.sh"
prune_scenario dir
finish
