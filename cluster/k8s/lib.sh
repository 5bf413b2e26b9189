# Shared settings of the k8s harness (sourced). Everything it makes lives under $K8S_WORK (per
# checkout) or $K8S_CACHE (per machine: the Kubernetes build and the base images, reused by clones).
K8S_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
K8S_CACHE="${K8S_CACHE:-/var/cache/image-editor-k8s}"
K8S_WORK="${K8S_WORK:-$K8S_ROOT/.k8s}"
K8S_NETNS="${K8S_NETNS:-image-editor-k8s}"
K8S_VERSION=v1.20.2
K8S_BIN="$K8S_CACHE/kubernetes-$K8S_VERSION/bin"
# The node's address: a /32 on a veth pair inside the namespace (the API server refuses loopback).
NODE_IP=10.213.0.1
NODE_PEER=10.213.0.2
# The second node: a namespace of its own, joined to the first's by a veth pair (node.sh).
K8S_NETNS2="${K8S_NETNS}-node2"
NODE2_IP=10.213.0.3
POD_CIDR=10.214.0.0/16
SERVICE_CIDR=10.215.0.0/16
CLUSTER_DNS=$NODE_IP
KUBECONFIG_FILE="$K8S_WORK/admin.kubeconfig"
INGRESS_SOCK="$K8S_WORK/ingress.sock"
URL_FILE="$K8S_WORK/url"
RELEASE="${K8S_RELEASE:-ie}"
# The kubelet's cgroupRoot: every pod's cgroup is under it, in every hierarchy, so k8s:down ends
# this cluster's containers and no other's (another kubelet's pods live under kubepods too).
K8S_CGROUP_ROOT="${K8S_CGROUP_ROOT:-image-editor-k8s}"
K8S_CGROUP_ROOT2="${K8S_CGROUP_ROOT}-node2"
# Where that root is: the unified hierarchy's root on a pure cgroup v2 host, else each v1 hierarchy.
cgroup_roots() {
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then echo "/sys/fs/cgroup/$K8S_CGROUP_ROOT"; return; fi
  for h in /sys/fs/cgroup/*/; do [[ -d "$h" ]] && echo "${h}$K8S_CGROUP_ROOT"; done
}

log() { printf '[k8s %s] %s\n' "$(date +%T)" "$*" >&2; }
in_ns() { nsenter --net="/run/netns/$K8S_NETNS" "$@"; }
kubectl_ns() { in_ns "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
# The helm the chart tests use (charts/helm.ts: PATH, or the one in the lambda-layer package).
helm_bin() { (cd "$K8S_ROOT" && npx tsx -e 'import { findHelm } from "./charts/helm.ts"; console.log(findHelm())' 2>/dev/null); }
# The Debian mirror the machine's own apt uses (one-line or deb822 sources).
debian_mirror() { { cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null || true; } | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' ' | sed 's#/$##'; }
PAUSE_IMAGE=registry.k8s.io/pause:3.6
# Podman with runc and cgroupfs (crun cannot run on hybrid cgroups; there is no systemd), and
# rlimits this machine allows; a private containers.conf, so /etc is untouched.
podman_env() {
  mkdir -p "$K8S_CACHE"
  cat > "$K8S_CACHE/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  export CONTAINERS_CONF="$K8S_CACHE/containers.conf"
}
K8S_NAMESPACE="${K8S_NAMESPACE:-image-editor}"
# Background components: started detached, pid and log under $K8S_WORK.
start_bg() { # name command...
  local name="$1"; shift
  mkdir -p "$K8S_WORK/logs" "$K8S_WORK/pids"
  setsid "$@" >"$K8S_WORK/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$K8S_WORK/pids/$name.pid"
}
wait_for() { # seconds description command...
  local seconds="$1" what="$2"; shift 2
  local end=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > end)); then log "timed out waiting for $what"; return 1; fi
    sleep 1
  done
}
