#!/usr/bin/env bash
# A one-node Ceph cluster (one monitor, one in-memory OSD) with the RADOS Gateway in front: the
# S3 implementation the S3 blob adapter is tested against. Debian's packages radosgw, ceph-mon
# and ceph-osd provide it (.ci/run installs them). Test use only: no cephx, nothing on disk
# beyond DIR, gone when stopped.
#   scripts/ceph-rgw.sh start DIR PORT [MON_PORT]   → prints the endpoint once S3 answers
#   scripts/ceph-rgw.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}; D=${2:?directory}
stop() {
  for pid in "$D"/run/*.pid; do [ -e "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  sleep 0.5
  for pid in "$D"/run/*.pid; do [ -e "$pid" ] && kill -9 "$(cat "$pid")" 2>/dev/null || true; done
  rm -rf "$D"
}
if [ "$cmd" = stop ]; then stop; exit 0; fi
PORT=${3:?port}
for bin in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool; do
  command -v $bin >/dev/null || { echo "missing $bin: apt-get install radosgw ceph-mon ceph-osd" >&2; exit 2; }
done
# Ports of its own (the caller's free ones, or next to the S3 port), so parallel runs do not meet.
MON_PORT=${4:-$((PORT + 1))}
rm -rf "$D"; mkdir -p "$D"/{run,log,mon,osd/ceph-0}
FSID=$(cat /proc/sys/kernel/random/uuid)
cat > "$D/ceph.conf" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 0
osd pool default size = 1
osd pool default min size = 1
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 1073741824
run dir = $D/run
admin socket = $D/run/\$name.asok
log file = $D/log/\$name.log
pid file = $D/run/\$name.pid
mon data = $D/mon/\$cluster-\$id
osd data = $D/osd/\$cluster-\$id
keyring = $D/keyring
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$PORT
CONF
C=(-c "$D/ceph.conf")
ceph-authtool --create-keyring "$D/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$D/monmap" >/dev/null
ceph-mon "${C[@]}" --mkfs -i a --monmap "$D/monmap" 2>"$D/log/mkfs.err"
ceph-mon "${C[@]}" -i a
ceph "${C[@]}" --connect-timeout 20 osd create >/dev/null
ceph-osd "${C[@]}" -i 0 --mkfs 2>>"$D/log/mkfs.err" >/dev/null
ceph-osd "${C[@]}" -i 0 2>>"$D/log/mkfs.err"
radosgw "${C[@]}" -n client.rgw 2>>"$D/log/mkfs.err"
for _ in $(seq 1 120); do
  if curl -sf -o /dev/null "http://127.0.0.1:$PORT/"; then
    radosgw-admin "${C[@]}" -n client.rgw user create --uid=test --display-name=test \
      --access-key=test-access-key --secret-key=test-secret-key >/dev/null 2>>"$D/log/mkfs.err"
    echo "http://127.0.0.1:$PORT"
    exit 0
  fi
  sleep 0.5
done
echo "radosgw did not answer on $PORT; logs in $D/log" >&2
exit 1
