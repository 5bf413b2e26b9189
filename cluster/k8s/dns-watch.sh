#!/usr/bin/env bash
# Keeps dnsmasq's hosts file in step with the Services (the part of CoreDNS this cluster needs):
# <name>.<namespace>.svc.cluster.local for every ClusterIP. dnsmasq rereads it on SIGHUP.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
hosts="$K8S_WORK/dns/hosts"
while true; do
  next="$(kubectl_ns get services --all-namespaces --request-timeout=5s \
    -o jsonpath='{range .items[*]}{.spec.clusterIP} {.metadata.name}.{.metadata.namespace}.svc.cluster.local{"\n"}{end}' 2>/dev/null | grep -v '^None ' | sort)"
  if [[ -n "$next" && "$next" != "$(cat "$hosts")" ]]; then
    printf '%s\n' "$next" > "$hosts.tmp" && mv "$hosts.tmp" "$hosts"
    pkill -HUP -F "$K8S_WORK/pids/dnsmasq.pid" 2>/dev/null
  fi
  sleep 1
done
