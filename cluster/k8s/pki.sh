#!/usr/bin/env bash
# The cluster's keys and credentials (sourced by up.sh): a CA, the API server's certificate, its
# client certificate for the kubelets, the service-account key pair, and static tokens for the
# components, the two nodes and the admin (a throwaway cluster on a private network namespace).
set -euo pipefail
pki="$K8S_WORK/pki"
mkdir -p "$pki"
cd "$pki"
[[ -f ca.crt ]] || openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj "/CN=image-editor-k8s-ca" 2>/dev/null
if [[ ! -f apiserver.crt ]]; then
  cat > apiserver.ext <<EXT
subjectAltName=IP:$NODE_IP,IP:127.0.0.1,IP:${SERVICE_CIDR%.0/16}.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost
extendedKeyUsage=serverAuth
EXT
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 30 -extfile apiserver.ext 2>/dev/null
fi
if [[ ! -f kubelet-client.crt ]]; then
  echo "extendedKeyUsage=clientAuth" > client.ext
  openssl req -newkey rsa:2048 -nodes -keyout kubelet-client.key -out kubelet-client.csr -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" 2>/dev/null
  openssl x509 -req -in kubelet-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out kubelet-client.crt -days 30 -extfile client.ext 2>/dev/null
fi
# The resource metrics adapter's serving certificate (the aggregator reaches it at the node's address).
if [[ ! -f resource-metrics.crt ]]; then
  printf 'subjectAltName=IP:%s,DNS:resource-metrics.kube-system.svc\nextendedKeyUsage=serverAuth\n' "$NODE_IP" > resource-metrics.ext
  openssl req -newkey rsa:2048 -nodes -keyout resource-metrics.key -out resource-metrics.csr -subj "/CN=resource-metrics" 2>/dev/null
  openssl x509 -req -in resource-metrics.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out resource-metrics.crt -days 30 -extfile resource-metrics.ext 2>/dev/null
fi
[[ -f sa.key ]] || { openssl genrsa -out sa.key 2048 2>/dev/null && openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null; }
if [[ ! -f tokens.csv ]]; then
  tok() { openssl rand -hex 16; }
  {
    echo "$(tok),admin,admin,system:masters"
    echo "$(tok),system:kube-controller-manager,kcm,system:masters"
    echo "$(tok),system:kube-scheduler,sched,system:masters"
    echo "$(tok),system:kube-proxy,proxy,system:masters"
    echo "$(tok),system:node:node1,node1,system:nodes"
    echo "$(tok),system:node:node2,node2,system:nodes"
    echo "$(tok),system:resource-metrics,resource-metrics,system:masters"
  } > tokens.csv
  chmod 600 tokens.csv
fi
kubeconfig() { # name user
  local token; token=$(awk -F, -v u="$2" '$2 == u { print $1 }' tokens.csv)
  cat > "$K8S_WORK/$1.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{ name: local, cluster: { server: "https://$NODE_IP:6443", certificate-authority: "$pki/ca.crt" } }]
users: [{ name: $2, user: { token: "$token" } }]
contexts: [{ name: local, context: { cluster: local, user: $2, namespace: $K8S_NAMESPACE } }]
current-context: local
KC
}
kubeconfig admin admin
awk -F, '$2 == "system:resource-metrics" { print $1 }' tokens.csv > resource-metrics.token
kubeconfig controller-manager system:kube-controller-manager
kubeconfig scheduler system:kube-scheduler
kubeconfig proxy system:kube-proxy
kubeconfig kubelet-node1 system:node:node1
kubeconfig kubelet-node2 system:node:node2
cd - >/dev/null
