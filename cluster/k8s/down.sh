#!/usr/bin/env bash
# npm run k8s:down — removes everything k8s:up made, and nothing else: the pods (so the kubelet
# unmounts their volumes), every component process (by the process groups recorded at start),
# each node's containerd shims (by its socket) and containers (by its cgroup root), the mounts
# under the work folder, both nodes' namespaces (and with them every iptables rule and interface,
# all made inside them), and the cgroup roots. Another cluster's pods on the
# same host, in their own kubepods cgroups, are left alone (cluster/k8s/test.sh checks it).
# Safe to rerun. The per-machine cache (Kubernetes build, images) stays.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/node.sh"
quiet=0; [[ "${1:-}" == --quiet ]] && quiet=1
say() { ((quiet)) || log "$@"; }

if [[ -e "/run/netns/$K8S_NETNS" ]] && kubectl_ns get --raw /readyz >/dev/null 2>&1; then
  say "deleting the workloads"
  kubectl_ns delete namespace "$K8S_NAMESPACE" --wait=false >/dev/null 2>&1
  kubectl_ns delete pods --all -n "$K8S_NAMESPACE" --grace-period=0 --force >/dev/null 2>&1
  # The kubelet tears the pods down (CNI, volumes); give it a moment, then stop everything anyway.
  for _ in $(seq 1 30); do
    [[ -z "$(for n in 1 2; do node_vars $n; ctr --address "$NODE_SOCK" -n k8s.io tasks ls -q 2>/dev/null; done | grep -v '^$')" ]] && break
    sleep 1
  done
fi

say "stopping the components"
components=(socat nginx resource-metrics cluster-dns dnsmasq kube-scheduler kube-controller-manager kube-apiserver etcd)
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

# Each node: its containers first, through its containerd while that still runs, then the rest hard.
for n in 2 1; do
  node_vars $n
  if [[ -S "$NODE_SOCK" ]]; then
    for task in $(ctr --address "$NODE_SOCK" -n k8s.io tasks ls -q 2>/dev/null); do ctr --address "$NODE_SOCK" -n k8s.io tasks kill -s SIGKILL "$task" >/dev/null 2>&1; done
  fi
  stop_node_hard $n
done
sleep 1

# Mounts under the work folder (overlay rootfs, tmpfs secrets, the pods' netns), deepest first.
if [[ -d "$K8S_WORK" ]]; then
  for _ in 1 2 3; do
    mounts="$(awk -v w="$K8S_WORK" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo | sort -r)"
    [[ -z "$mounts" ]] && break
    for m in $mounts; do umount -l "$m" 2>/dev/null; done
  done
fi
for netns in "$K8S_NETNS2" "$K8S_NETNS"; do
  if [[ -e "/run/netns/$netns" ]]; then
    say "deleting the network namespace $netns"
    ip netns del "$netns"
  fi
done
# Each node's cgroup root (empty now) in every hierarchy, and nothing outside them.
for dir in $(cgroup_roots) $(K8S_CGROUP_ROOT="$K8S_CGROUP_ROOT2" cgroup_roots); do
  [[ -d "$dir" ]] && find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
done
# State that must not outlive the cluster (etcd, PKI, pods); the PersistentVolumes' data too.
if [[ -d "$K8S_WORK" ]]; then
  find "$K8S_WORK" -mindepth 1 -maxdepth 1 ! -name 'app-image*' -exec rm -rf {} + 2>/dev/null
fi
say "down"
