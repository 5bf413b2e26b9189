#!/usr/bin/env bash
# npm run k8s:up — a two-node Kubernetes v1.20.2, each node in a network namespace of its own
# (node.sh), the resource metrics API (resource-metrics.ts), the project's image built from its
# Dockerfile, and the chart installed (cluster/k8s/values-local.yaml: in-chart Redis and
# PostgreSQL, 2 web and 2 api replicas, workers on their queue HPA). Prints a URL on the host's loopback that reaches the app through the
# Services, as the Ingress would route it. Safe to rerun: a healthy cluster is reused (the chart
# is upgraded to the current image); anything half-made is torn down first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/node.sh"
started=$SECONDS

need=()
for pair in podman:podman buildah:buildah runc:runc conmon:conmon catatonit:catatonit containerd:containerd \
  /usr/lib/cni/bridge:containernetworking-plugins iptables:iptables etcd:etcd-server etcdctl:etcd-client go:golang-go \
  debootstrap:debootstrap make:make openssl:openssl dnsmasq:dnsmasq-base socat:socat nginx:nginx-light nsenter:util-linux; do
  bin="${pair%%:*}"; pkg="${pair#*:}"
  if [[ "$bin" == /* ]]; then [[ -e "$bin" ]] || need+=("$pkg"); else command -v "$bin" >/dev/null || need+=("$pkg"); fi
done
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

bash "$K8S_ROOT/cluster/k8s/build-kube.sh"
bash "$K8S_ROOT/cluster/k8s/images.sh"
APP_IMAGE="$(cat "$K8S_WORK/app-image")"

if [[ -f "$K8S_WORK/url" ]] && kubectl_ns get --raw /readyz >/dev/null 2>&1; then
  log "the cluster is up already: upgrading the release to $APP_IMAGE"
  fresh=0
else
  bash "$K8S_ROOT/cluster/k8s/down.sh" --quiet
  fresh=1
fi

if ((fresh)); then
  mkdir -p "$K8S_WORK"/{logs,pids,etcd,dns,pv/redis,pv/postgresql}
  source "$K8S_ROOT/cluster/k8s/pki.sh"

  log "network namespaces $K8S_NETNS (node1, $NODE_IP, and the control plane) and $K8S_NETNS2 (node2, $NODE2_IP)"
  ip netns add "$K8S_NETNS"
  in_ns ip link set lo up
  # The API server refuses a loopback advertise address: a veth pair, both ends inside.
  in_ns ip link add ie-node type veth peer name ie-peer
  in_ns ip addr add "$NODE_IP/32" dev ie-node
  in_ns ip link set ie-node up
  in_ns ip link set ie-peer up
  in_ns ip route add default dev ie-node
  in_ns sysctl -qw net.ipv4.ip_forward=1
  in_ns sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true

  start_bg etcd nsenter --net=/run/netns/$K8S_NETNS etcd --name node1 --data-dir "$K8S_WORK/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster node1=http://127.0.0.1:2380 --quota-backend-bytes=1073741824
  wait_for 30 etcd in_ns etcdctl --endpoints http://127.0.0.1:2379 endpoint health

  pki="$K8S_WORK/pki"
  start_bg kube-apiserver nsenter --net=/run/netns/$K8S_NETNS "$K8S_BIN/kube-apiserver" --etcd-servers=http://127.0.0.1:2379 \
    --advertise-address="$NODE_IP" --bind-address=0.0.0.0 --secure-port=6443 \
    --service-cluster-ip-range="$SERVICE_CIDR" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" --token-auth-file="$pki/tokens.csv" --authorization-mode=Node,RBAC \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local --api-audiences=https://kubernetes.default.svc.cluster.local \
    --kubelet-client-certificate="$pki/kubelet-client.crt" --kubelet-client-key="$pki/kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP --enable-admission-plugins=NodeRestriction --allow-privileged=true \
    --profiling=false --event-ttl=30m
  wait_for 60 kube-apiserver kubectl_ns get --raw /readyz

  # The HPA periods are this harness's only (Kubernetes' defaults, 15 s and 5 min, stay the
  # chart's): a scale-up and the scale-down after it are then seen in a test's minutes.
  start_bg kube-controller-manager nsenter --net=/run/netns/$K8S_NETNS "$K8S_BIN/kube-controller-manager" --kubeconfig="$K8S_WORK/controller-manager.kubeconfig" \
    --leader-elect=false --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    --use-service-account-credentials=false --allocate-node-cidrs=false --bind-address=127.0.0.1 --profiling=false \
    --horizontal-pod-autoscaler-sync-period=5s --horizontal-pod-autoscaler-downscale-stabilization=30s
  start_bg kube-scheduler nsenter --net=/run/netns/$K8S_NETNS "$K8S_BIN/kube-scheduler" --kubeconfig="$K8S_WORK/scheduler.kubeconfig" --leader-elect=false \
    --bind-address=127.0.0.1 --profiling=false

  # DNS for the pods: no CoreDNS image exists here, so dnsmasq on the node answers
  # <service>.<namespace>.svc.cluster.local from a hosts file that a watch keeps in step with the
  # Services. Nothing else is answered: no query leaves the namespace.
  echo "nameserver 127.0.0.1" > "$K8S_WORK/resolv.conf"
  : > "$K8S_WORK/dns/hosts"
  start_bg dnsmasq nsenter --net=/run/netns/$K8S_NETNS dnsmasq --keep-in-foreground --no-resolv --no-hosts --addn-hosts="$K8S_WORK/dns/hosts" \
    --listen-address="$NODE_IP" --bind-interfaces --user=root --local=/cluster.local/ --domain-needed --no-negcache --log-facility=-
  start_bg cluster-dns bash "$K8S_ROOT/cluster/k8s/dns-watch.sh"

  start_node 1
  link_node2
  start_node 2

  # The resource metrics API (resource-metrics.ts: what metrics-server serves, which cannot be
  # built here) for the HPAs' CPU metric and kubectl top, registered as upstream's manifests
  # register metrics-server: a Service in kube-system (here with the node's address as its
  # endpoint) and the APIService v1beta1.metrics.k8s.io, its TLS not verified as upstream's is not.
  start_bg resource-metrics nsenter --net=/run/netns/$K8S_NETNS env APISERVER="https://$NODE_IP:6443" APISERVER_CA="$pki/ca.crt" \
    TOKEN_FILE="$pki/resource-metrics.token" TLS_CERT="$pki/resource-metrics.crt" TLS_KEY="$pki/resource-metrics.key" LISTEN="$NODE_IP:4443" \
    "$K8S_ROOT/node_modules/.bin/tsx" "$K8S_ROOT/cluster/k8s/resource-metrics-server.ts"
  wait_for 60 "the resource metrics adapter" in_ns curl -sfk "https://$NODE_IP:4443/healthz"
  kubectl_ns apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: { name: resource-metrics, namespace: kube-system, labels: { k8s-app: metrics-server } }
spec: { ports: [{ name: https, port: 443, targetPort: 4443 }] }
---
apiVersion: v1
kind: Endpoints
metadata: { name: resource-metrics, namespace: kube-system }
subsets: [{ addresses: [{ ip: "$NODE_IP" }], ports: [{ name: https, port: 4443 }] }]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: { name: v1beta1.metrics.k8s.io, labels: { k8s-app: metrics-server } }
spec:
  service: { name: resource-metrics, namespace: kube-system }
  group: metrics.k8s.io
  version: v1beta1
  insecureSkipTLSVerify: true
  groupPriorityMinimum: 100
  versionPriority: 100
YAML

  kubectl_ns create namespace "$K8S_NAMESPACE" >/dev/null
  # No storage provisioner runs here: the StatefulSets' claims bind to these pre-made volumes,
  # local to node1 as a disk would be (both nodes share the host's, but a volume must not move).
  chown 999:999 "$K8S_WORK/pv/redis"; chown 70:70 "$K8S_WORK/pv/postgresql"
  for db in redis postgresql; do
    size=1Gi; [[ $db == postgresql ]] && size=5Gi
    kubectl_ns apply -f - >/dev/null <<YAML
apiVersion: v1
kind: PersistentVolume
metadata: { name: $K8S_NAMESPACE-$db }
spec:
  capacity: { storage: $size }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  claimRef: { namespace: $K8S_NAMESPACE, name: data-$RELEASE-image-editor-$db-0 }
  hostPath: { path: "$K8S_WORK/pv/$db", type: Directory }
  nodeAffinity:
    required: { nodeSelectorTerms: [{ matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [node1] }] }] }
YAML
  done
fi

# No registry: the kubelets run what their containerd holds (pullPolicy Never), moved over from podman.
podman_env
# The stores' volumes are node1's, so only node1 runs their images.
import_images 1 "$PAUSE_IMAGE" localhost/image-editor-redis:bookworm localhost/image-editor-postgres:bookworm "$APP_IMAGE"
import_images 2 "$PAUSE_IMAGE" "$APP_IMAGE"

# --server-side=false: Kubernetes 1.20's API server panics on a server-side apply of an APIService
# (the workers' queue metric), which helm 4 would otherwise use.
log "helm upgrade --install $RELEASE ($APP_IMAGE)"
HELM="$(helm_bin)"
install_started=$SECONDS
in_ns "$HELM" upgrade --install "$RELEASE" "$K8S_ROOT/charts/image-editor" --kubeconfig "$KUBECONFIG_FILE" \
  --namespace "$K8S_NAMESPACE" -f "$K8S_ROOT/cluster/k8s/values-local.yaml" \
  --set image.repository="${APP_IMAGE%:*}" --set image.tag="${APP_IMAGE##*:}" --server-side=false ${K8S_HELM_ARGS:-} --wait --timeout 10m >/dev/null
log "release ready in $((SECONDS - install_started)) s"

bash "$K8S_ROOT/cluster/k8s/ingress.sh"
echo $((SECONDS - started)) > "$K8S_WORK/up-seconds"
cat <<TXT
The image editor on Kubernetes $K8S_VERSION (namespace $K8S_NAMESPACE, release $RELEASE), up in $((SECONDS - started)) s:
  URL:        $(cat "$K8S_WORK/url")   (/ to the web Service, /api to the api Service)
  kubectl:    nsenter --net=/run/netns/$K8S_NETNS $K8S_BIN/kubectl --kubeconfig $KUBECONFIG_FILE get pods
  KUBECONFIG: $KUBECONFIG_FILE
  stop:       npm run k8s:down
TXT
