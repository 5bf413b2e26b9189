#!/usr/bin/env bash
# npm run test:k8s — brings the cluster up (npm run k8s:up), runs the suite, and takes it down
# again whatever happened. Needs root (network namespaces, containerd, podman).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
# Another cluster's pod, as k8s:down would meet it on a shared host: a process in a kubepods
# cgroup that this harness did not make. Every k8s:down here must leave it running.
outsider_parent=/sys/fs/cgroup/kubepods
[[ -d /sys/fs/cgroup/pids ]] && outsider_parent=/sys/fs/cgroup/pids/kubepods
[[ -d "$outsider_parent" ]] && made_parent=0 || made_parent=1
mkdir -p "$outsider_parent/outsider-$$"
sleep infinity &
outsider=$!
echo "$outsider" > "$outsider_parent/outsider-$$/cgroup.procs"
bash "$K8S_ROOT/cluster/k8s/down.sh" --quiet
before="$(bash "$K8S_ROOT/cluster/k8s/host-state.sh")"
finish() {
  local status=$?
  t2=$SECONDS
  bash "$K8S_ROOT/cluster/k8s/down.sh"
  after="$(bash "$K8S_ROOT/cluster/k8s/host-state.sh")"
  if [[ "$before" == "$after" ]]; then
    log "k8s:down left the host as it was (interfaces, iptables, netns, mounts, processes) in $((SECONDS - t2)) s"
  else
    log "k8s:down left something behind:"; diff <(echo "$before") <(echo "$after") >&2; status=1
  fi
  if kill -0 "$outsider" 2>/dev/null; then
    log "k8s:down left another cluster's pod alone (pid $outsider in $outsider_parent/outsider-$$)"
  else
    log "k8s:down killed a process in a kubepods cgroup it did not make"; status=1
  fi
  kill -KILL "$outsider" 2>/dev/null; wait "$outsider" 2>/dev/null
  rmdir "$outsider_parent/outsider-$$" 2>/dev/null; ((made_parent)) && rmdir "$outsider_parent" 2>/dev/null
  exit $status
}
trap finish EXIT
t0=$SECONDS
bash "$K8S_ROOT/cluster/k8s/up.sh" || exit 1
t1=$SECONDS
(cd "$K8S_ROOT" && npx tsx cluster/k8s/suite.ts)
status=$?
log "phases: k8s:up $((t1 - t0)) s, suite $((SECONDS - t1)) s"
exit $status
