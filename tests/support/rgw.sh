#!/usr/bin/env bash
# A throw-away Ceph RADOS Gateway for tests: one monitor, one OSD keeping
# its data in memory (memstore), no manager, the S3 frontend on loopback.
# RGW is the stricter S3 peer next to s3rver: it checks SigV4, enforces the
# 5 MiB minimum part size, lists multipart uploads and writes AWS-style
# multipart ETags.
#
#   tests/support/rgw.sh start DIR   # prints "PORT ACCESS_KEY SECRET_KEY" once S3 answers
#   tests/support/rgw.sh stop DIR    # kills the daemons started in DIR, removes DIR
#
# Packages (install/deps.sh): ceph-mon ceph-osd radosgw ceph-common uuid-runtime.
# Ports are picked free at start; nothing listens beyond 127.0.0.1.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
conf=$dir/ceph.conf
access=DVXRGWTESTACCESS0000
secret=dvxrgwtestsecret00000000000000000000000

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Kills the daemons whose command line names this folder's ceph.conf (a
# recycled pid never matches), then removes the folder.
stop() {
  local pidfile pid
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && grep -qF "$conf" "/proc/$pid/cmdline" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
      for _ in $(seq 100); do grep -qF "$conf" "/proc/$pid/cmdline" 2>/dev/null || break; sleep 0.05; done
    fi
  done
  rm -rf "$dir"
}

die() {
  echo "rgw.sh: $*" >&2
  tail -n 15 "$dir"/log/* >&2 2>/dev/null || true
  stop
  exit 1
}

start() {
  for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool uuidgen; do
    command -v "$tool" >/dev/null || { echo "rgw.sh: $tool is missing (run install/deps.sh)" >&2; exit 1; }
  done
  rm -rf "$dir"
  mkdir -p "$dir"/{mon,osd/0,run,log,rgw}
  local mon_port rgw_port fsid
  mon_port=$(free_port)
  rgw_port=$(free_port)
  fsid=$(uuidgen)
  cat >"$conf" <<CONF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
public addr = 127.0.0.1
public network = 127.0.0.0/8
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = $dir/keyring
run dir = $dir/run
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.pid
log file = $dir/log/\$name.log
log to stderr = false
err to stderr = false
crash dir = $dir/crash
# one OSD: every pool has one replica and few placement groups
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 0
# RGW creates its pools one by one at first start: commit each map change at once
paxos propose interval = 0.01
paxos min wait = 0.001
debug ms = 0/0
debug rgw = 0/0
debug osd = 0/0
debug mon = 0/0
debug paxos = 0/0
debug auth = 0/0
debug monc = 0/0
[mon]
mon data = $dir/mon/\$id
mon cluster log file = $dir/log/cluster.log
[osd]
osd data = $dir/osd/\$id
osd objectstore = memstore
memstore device bytes = ${DVX_RGW_MEMORY:-2147483648}
osd op num shards = 1
osd op num threads per shard = 2
[client.rgw.dvx]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $dir/rgw
rgw enable usage log = false
CONF
  export CEPH_CONF=$conf
  ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$dir/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
  ceph-authtool "$dir/keyring" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' >/dev/null
  ceph-authtool "$dir/keyring" --gen-key -n client.rgw.dvx --cap mon 'allow rw' --cap osd 'allow rwx' >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null

  ceph-mon -c "$conf" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring" 2>"$dir/log/mon-mkfs.err" || die "ceph-mon --mkfs failed"
  ceph-mon -c "$conf" -i a || die "ceph-mon did not start"
  local uuid
  uuid=$(uuidgen)
  ceph -c "$conf" --connect-timeout 30 osd new "$uuid" 0 >/dev/null 2>"$dir/log/osd-new.err" || die "ceph osd new failed"
  ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$uuid" 2>"$dir/log/osd-mkfs.err" || die "ceph-osd --mkfs failed"
  ceph-osd -c "$conf" -i 0 || die "ceph-osd did not start"
  radosgw -c "$conf" -n client.rgw.dvx || die "radosgw did not start"

  local ok=
  for _ in $(seq 300); do
    if radosgw-admin -c "$conf" user create --uid=dvx --display-name=dvx --access-key="$access" \
      --secret-key="$secret" >/dev/null 2>"$dir/log/user-create.err"; then ok=1; break; fi
    sleep 0.2
  done
  [ -n "$ok" ] || die "radosgw-admin user create failed"
  ok=
  for _ in $(seq 600); do
    curl -s -o /dev/null "http://127.0.0.1:$rgw_port/" && { ok=1; break; }
    sleep 0.1
  done
  [ -n "$ok" ] || die "the S3 endpoint on port $rgw_port did not answer"
  echo "$rgw_port $access $secret"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
