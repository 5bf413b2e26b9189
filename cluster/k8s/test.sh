#!/usr/bin/env bash
# npm run test:k8s — brings the cluster up (npm run k8s:up), runs the suite, and takes it down
# again whatever happened. Needs root (network namespaces, containerd, podman).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
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
