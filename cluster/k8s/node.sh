# A node of the cluster (sourced by up.sh): its containerd, kubelet and kube-proxy, each in the
# node's own network namespace, with its own state folder, pod subnet and cgroup root, so that two
# nodes on one host are as separate as two machines sharing a disk. Needs lib.sh's settings.

# node_vars <n>: the settings of node n (1 or 2) as NODE_* variables.
node_vars() {
  NODE_NAME="node$1"
  if [[ $1 == 1 ]]; then
    NODE_NETNS="$K8S_NETNS" NODE_ADDR="$NODE_IP" NODE_DIR="$K8S_WORK" NODE_CGROUP="$K8S_CGROUP_ROOT" NODE_LOG=""
  else
    NODE_NETNS="$K8S_NETNS2" NODE_ADDR="$NODE2_IP" NODE_DIR="$K8S_WORK/node2" NODE_CGROUP="$K8S_CGROUP_ROOT2" NODE_LOG="-node2"
  fi
  NODE_SUBNET="${POD_CIDR%.0.0/16}.$1.0/24"
  NODE_SOCK="$NODE_DIR/containerd/containerd.sock"
}

# The second node's namespace, joined to the first by a veth pair: each reaches the other's
# address and pod subnet through it, and the second's default route (Services' addresses, which
# its own kube-proxy rewrites first) goes to the first. Nothing of it is on the host.
link_node2() {
  ip netns add "$K8S_NETNS2"
  ip netns exec "$K8S_NETNS2" ip link set lo up
  in_ns ip link add ie-n2 type veth peer name ie-n1 netns "$K8S_NETNS2"
  in_ns ip link set ie-n2 up
  ip netns exec "$K8S_NETNS2" ip addr add "$NODE2_IP/32" dev ie-n1
  ip netns exec "$K8S_NETNS2" ip link set ie-n1 up
  in_ns ip route add "$NODE2_IP/32" dev ie-n2 src "$NODE_IP"
  in_ns ip route add "${POD_CIDR%.0.0/16}.2.0/24" via "$NODE2_IP" dev ie-n2 onlink src "$NODE_IP"
  ip netns exec "$K8S_NETNS2" ip route add "$NODE_IP/32" dev ie-n1 src "$NODE2_IP"
  ip netns exec "$K8S_NETNS2" ip route add default via "$NODE_IP" dev ie-n1 onlink src "$NODE2_IP"
  ip netns exec "$K8S_NETNS2" sysctl -qw net.ipv4.ip_forward=1
  ip netns exec "$K8S_NETNS2" sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
}

# has_own_mount_ns <pid>: the process has left this shell's mount namespace (unshare has run).
has_own_mount_ns() { [[ "$(readlink "/proc/$1/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ]]; }

# start_node <n>: containerd, CNI, kubelet and kube-proxy of node n; waits until it is Ready.
start_node() {
  node_vars "$1"
  local pki="$K8S_WORK/pki" ns=(nsenter --net="/run/netns/$NODE_NETNS")
  mkdir -p "$NODE_DIR"/{containerd,kubelet,cni/net.d,cni/ipam}
  if [[ -n "$NODE_LOG" ]]; then
    # The kubelet's pod log folder is fixed (/var/log/pods) and each kubelet removes the folders
    # of pods it does not know: a second node on one host would delete the first's logs. So this
    # node's containerd and kubelet share a mount namespace of their own in which /var/log/pods
    # and /var/log/containers are the node's; their mounts stay in it, and go with it.
    mkdir -p "$NODE_DIR"/log/{pods,containers} /var/log/pods /var/log/containers
    start_bg "mounts$NODE_LOG" unshare --mount --propagation slave sleep infinity
    local holder; holder="$(cat "$K8S_WORK/pids/mounts$NODE_LOG.pid")"
    wait_for 10 "the mount namespace of $NODE_NAME" has_own_mount_ns "$holder"
    nsenter --mount="/proc/$holder/ns/mnt" mount --bind "$NODE_DIR/log/pods" /var/log/pods
    nsenter --mount="/proc/$holder/ns/mnt" mount --bind "$NODE_DIR/log/containers" /var/log/containers
    ns=(nsenter --mount="/proc/$holder/ns/mnt" --net="/run/netns/$NODE_NETNS")
  fi
  cat > "$NODE_DIR/containerd/config.toml" <<TOML
version = 2
root = "$NODE_DIR/containerd/root"
state = "$NODE_DIR/containerd/state"
[grpc]
  address = "$NODE_SOCK"
[ttrpc]
  address = "$NODE_DIR/containerd/ttrpc.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  disable_apparmor = true
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_DIR/cni/net.d"
[plugins."io.containerd.internal.v1.opt"]
  path = "$NODE_DIR/containerd/opt"
TOML
  cat > "$NODE_DIR/cni/net.d/10-bridge.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "image-editor-pods",
  "plugins": [
    { "type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": { "type": "host-local", "dataDir": "$NODE_DIR/cni/ipam", "ranges": [[{ "subnet": "$NODE_SUBNET" }]], "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
  start_bg "containerd$NODE_LOG" "${ns[@]}" containerd --config "$NODE_DIR/containerd/config.toml"
  wait_for 30 "containerd of $NODE_NAME" ctr --address "$NODE_SOCK" version

  cat > "$NODE_DIR/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 0.0.0.0
readOnlyPort: 0
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: "$pki/ca.crt" }
authorization: { mode: Webhook }
cgroupDriver: cgroupfs
cgroupRoot: /$NODE_CGROUP
failSwapOn: false
clusterDNS: ["$CLUSTER_DNS"]
clusterDomain: cluster.local
resolvConf: "$K8S_WORK/resolv.conf"
# A shared build machine's disk is often mostly full: evict only when it really runs out.
evictionHard: { memory.available: "200Mi", nodefs.available: "1%", nodefs.inodesFree: "1%", imagefs.available: "1%" }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
YAML
  # The pods' cgroup root must exist before the kubelet starts; a v1 cpuset takes its parent's CPUs and memory nodes.
  local dir
  for dir in $(K8S_CGROUP_ROOT="$NODE_CGROUP" cgroup_roots); do
    mkdir -p "$dir"
    [[ -f "$dir/../cpuset.cpus" ]] && cat "$dir/../cpuset.cpus" > "$dir/cpuset.cpus" && cat "$dir/../cpuset.mems" > "$dir/cpuset.mems"
  done
  start_bg "kubelet$NODE_LOG" "${ns[@]}" "$K8S_BIN/kubelet" --config="$NODE_DIR/kubelet/config.yaml" --kubeconfig="$K8S_WORK/kubelet-$NODE_NAME.kubeconfig" \
    --container-runtime=remote --container-runtime-endpoint="unix://$NODE_SOCK" --root-dir="$NODE_DIR/kubelet" \
    --cert-dir="$NODE_DIR/kubelet/pki" --hostname-override="$NODE_NAME" --node-ip="$NODE_ADDR"
  # iptables mode; the conntrack settings at 0, since the host's sysctls are not ours to write.
  start_bg "kube-proxy$NODE_LOG" "${ns[@]}" "$K8S_BIN/kube-proxy" --kubeconfig="$K8S_WORK/proxy.kubeconfig" --hostname-override="$NODE_NAME" \
    --proxy-mode=iptables --cluster-cidr="$POD_CIDR" --conntrack-max-per-core=0 --conntrack-min=0 \
    --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0 \
    --metrics-bind-address=127.0.0.1:10249 --healthz-bind-address=127.0.0.1:10256
  wait_for 90 "$NODE_NAME Ready" kubectl_ns wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s
}

# import_images <n> <image>...: what containerd of node n lacks, moved over from podman (no registry).
import_images() {
  node_vars "$1"; shift
  local present image
  present="$(ctr --address "$NODE_SOCK" -n k8s.io images ls -q)"
  for image in "$@"; do
    grep -qxF "$image" <<<"$present" && continue
    log "importing $image into $NODE_NAME's containerd"
    podman save "$image" | ctr --address "$NODE_SOCK" -n k8s.io images import - >/dev/null
  done
}

# stop_node_hard <n>: node n as if its power were cut: its kubelet, kube-proxy and containerd
# SIGKILLed (each was started with setsid: its process group is itself and what it spawned), then
# the containerd shims of its socket (they outlive containerd by design) and every process in its
# cgroup root (a line of /proc/PID/cgroup is "id:controllers:/path"). Its namespace stays, as a
# dead machine's cable does. k8s:down uses it for both nodes; the suite, for a node loss.
stop_node_hard() {
  node_vars "$1"
  local name pid
  for name in "kubelet$NODE_LOG" "kube-proxy$NODE_LOG" "containerd$NODE_LOG" "mounts$NODE_LOG"; do
    [[ -f "$K8S_WORK/pids/$name.pid" ]] && kill -KILL -- "-$(cat "$K8S_WORK/pids/$name.pid")" 2>/dev/null
    rm -f "$K8S_WORK/pids/$name.pid"
  done
  pkill -KILL -f "containerd-shim-runc-v2 .*-address $NODE_SOCK" 2>/dev/null
  for pid in $(grep -lE ":/$NODE_CGROUP(/|\$)" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3); do kill -KILL "$pid" 2>/dev/null; done
  return 0
}
