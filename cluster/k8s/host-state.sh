#!/usr/bin/env bash
# What of the host the cluster must leave as it found it: interfaces, iptables rules (counters
# dropped), network namespaces, mounts under the work folder, and the harness' processes. Two
# snapshots, before k8s:up and after k8s:down, must be equal (cluster/k8s/test.sh compares them).
source "$(dirname "$0")/lib.sh"
echo "# interfaces"; ip -o link show | awk -F': ' '{ print $2 }' | sed 's/@.*//' | sort
echo "# iptables"; { iptables-save 2>/dev/null; ip6tables-save 2>/dev/null; } | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//' | sort
echo "# netns"; ip netns list 2>/dev/null | sort
echo "# mounts under $K8S_WORK"; awk -v w="$K8S_WORK" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo | sort
echo "# processes"; ps -eo args= | grep -E "^(/[^ ]*/)?(kube-|etcd|containerd|dnsmasq|socat|conmon|runc)|containerd-shim|$K8S_WORK" | grep -v grep | sort
