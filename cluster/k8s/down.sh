#!/usr/bin/env bash
# npm run k8s:down — removes everything k8s:up made, and nothing else: the pods (so the kubelet
# unmounts their volumes), every component process (by the process groups recorded at start),
# the containerd shims of its own socket and the containers in its own cgroup root
# (K8S_CGROUP_ROOT), the mounts under the work folder, the namespace (and with it every iptables
# rule and interface, all made inside it), and that cgroup root. Another cluster's pods on the
# same host, in their own kubepods cgroups, are left alone (cluster/k8s/test.sh checks it).
# Safe to rerun. The per-machine cache (Kubernetes build, images) stays.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
quiet=0; [[ "${1:-}" == --quiet ]] && quiet=1
say() { ((quiet)) || log "$@"; }

if [[ -e "/run/netns/$K8S_NETNS" ]] && kubectl_ns get --raw /readyz >/dev/null 2>&1; then
  say "deleting the workloads"
  kubectl_ns delete namespace "$K8S_NAMESPACE" --wait=false >/dev/null 2>&1
  kubectl_ns delete pods --all -n "$K8S_NAMESPACE" --grace-period=0 --force >/dev/null 2>&1
  # The kubelet tears the pods down (CNI, volumes); give it a moment, then stop everything anyway.
  for _ in $(seq 1 30); do
    [[ -z "$(ctr_ns tasks ls -q 2>/dev/null | grep -v '^$')" ]] && break
    sleep 1
  done
fi

say "stopping the components"
components=(socat nginx cluster-dns dnsmasq kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver etcd)
for name in "${components[@]}"; do
  pidfile="$K8S_WORK/pids/$name.pid"
  [[ -f "$pidfile" ]] || continue
  # Each was started with setsid: its process group is itself and whatever it spawned.
  kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null
done
sleep 1
for name in "${components[@]}"; do
  pidfile="$K8S_WORK/pids/$name.pid"
  [[ -f "$pidfile" ]] && kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null
  rm -f "$pidfile"
done

if [[ -S "$CONTAINERD_SOCK" ]]; then
  for task in $(ctr_ns tasks ls -q 2>/dev/null); do ctr_ns tasks kill -s SIGKILL "$task" >/dev/null 2>&1; done
fi
[[ -f "$K8S_WORK/pids/containerd.pid" ]] && kill -KILL -- "-$(cat "$K8S_WORK/pids/containerd.pid")" 2>/dev/null
rm -f "$K8S_WORK/pids/containerd.pid"
# Shims outlive containerd by design; they are found by this cluster's socket, and the containers
# by this cluster's cgroup root (a line of /proc/PID/cgroup is "id:controllers:/path").
pkill -KILL -f "containerd-shim-runc-v2 .*-address $CONTAINERD_SOCK" 2>/dev/null
for pid in $(grep -lE ":/$K8S_CGROUP_ROOT(/|\$)" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3); do kill -KILL "$pid" 2>/dev/null; done
sleep 1

# Mounts under the work folder (overlay rootfs, tmpfs secrets, the pods' netns), deepest first.
if [[ -d "$K8S_WORK" ]]; then
  for _ in 1 2 3; do
    mounts="$(awk -v w="$K8S_WORK" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo | sort -r)"
    [[ -z "$mounts" ]] && break
    for m in $mounts; do umount -l "$m" 2>/dev/null; done
  done
fi
if [[ -e "/run/netns/$K8S_NETNS" ]]; then
  say "deleting the network namespace $K8S_NETNS"
  ip netns del "$K8S_NETNS"
fi
# This cluster's cgroup root (empty now) in every hierarchy, and nothing outside it.
for dir in $(cgroup_roots); do
  [[ -d "$dir" ]] && find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
done
# State that must not outlive the cluster (etcd, PKI, pods); the PersistentVolumes' data too.
if [[ -d "$K8S_WORK" ]]; then
  find "$K8S_WORK" -mindepth 1 -maxdepth 1 ! -name 'app-image*' -exec rm -rf {} + 2>/dev/null
fi
say "down"
