#!/usr/bin/env bash
# What the Ingress would do, without an ingress controller (none exists here): nginx inside the
# namespace routes /api to the api Service and the rest to the web Service, by their ClusterIPs
# (so kube-proxy balances over the ready pods), listening on a Unix socket; socat puts that
# socket on the host's loopback. The host's interfaces and iptables stay untouched.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ip_of() { kubectl_ns -n "$K8S_NAMESPACE" get service "$RELEASE-image-editor-$1" -o jsonpath='{.spec.clusterIP}'; }
api="$(ip_of api)"; web="$(ip_of web)"
mkdir -p "$K8S_WORK/nginx"
cat > "$K8S_WORK/nginx/nginx.conf" <<CONF
pid $K8S_WORK/nginx/nginx.pid;
error_log $K8S_WORK/logs/nginx-error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log $K8S_WORK/logs/nginx-access.log;
  client_body_temp_path $K8S_WORK/nginx/body;
  proxy_temp_path $K8S_WORK/nginx/proxy;
  fastcgi_temp_path $K8S_WORK/nginx/fastcgi;
  uwsgi_temp_path $K8S_WORK/nginx/uwsgi;
  scgi_temp_path $K8S_WORK/nginx/scgi;
  client_max_body_size 64m;
  proxy_read_timeout 300s;
  proxy_request_buffering off;
  # Every client reaches this through one loopback hop, so each may name itself (the load tests
  # do); the app trusts the header from this proxy's address, as it would an ingress controller's.
  map \$http_x_forwarded_for \$client_chain { "" "127.0.0.1"; default \$http_x_forwarded_for; }
  server {
    listen unix:$INGRESS_SOCK;
    proxy_http_version 1.1;
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$client_chain;
    proxy_set_header X-Forwarded-Proto http;
    location /api/ { proxy_pass http://$api:80; }
    location / { proxy_pass http://$web:80; }
  }
}
CONF
pkill -F "$K8S_WORK/pids/nginx.pid" 2>/dev/null || true
pkill -F "$K8S_WORK/pids/socat.pid" 2>/dev/null || true
rm -f "$INGRESS_SOCK"
start_bg nginx nsenter --net=/run/netns/$K8S_NETNS nginx -c "$K8S_WORK/nginx/nginx.conf" -g "daemon off;"
wait_for 10 "the ingress socket" test -S "$INGRESS_SOCK"
port="${K8S_PORT:-18080}"
start_bg socat socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "UNIX-CONNECT:$INGRESS_SOCK"
wait_for 10 "the loopback URL" curl -sf -o /dev/null "http://127.0.0.1:$port/api/converters"
echo "http://127.0.0.1:$port" > "$URL_FILE"
