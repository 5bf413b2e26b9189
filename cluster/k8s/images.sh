#!/usr/bin/env bash
# The images the cluster runs, built here with podman (no registry is reachable): a Debian
# bookworm minbase, a stand-in node:20-bookworm-slim on it, Redis and PostgreSQL from Debian, the
# pause image, and the project's own image from its unchanged Dockerfile. Writes the app image's
# reference to $K8S_WORK/app-image. Base images are kept per machine; the app image is rebuilt
# (podman's layer cache makes an unchanged tree a matter of seconds).
set -euo pipefail
# Every podman build here runs with --network=host (RUN steps that fetch packages) or none: never on
# podman's default CNI network, which would add a bridge and iptables rules to the host.
source "$(dirname "$0")/lib.sh"
mkdir -p "$K8S_CACHE" "$K8S_WORK"
podman_env

has_image() { podman image exists "$1"; }

if ! has_image localhost/debian:bookworm-minbase; then
  rootfs="$K8S_CACHE/rootfs-bookworm"
  log "debootstrap bookworm minbase"
  rm -rf "$rootfs.tmp"
  debootstrap --variant=minbase bookworm "$rootfs.tmp" "$(debian_mirror)" >/dev/null
  rm -rf "$rootfs.tmp"/var/cache/apt/archives/*.deb "$rootfs.tmp"/var/lib/apt/lists/*
  tar -C "$rootfs.tmp" -c . | podman import - localhost/debian:bookworm-minbase >/dev/null
  rm -rf "$rootfs.tmp"
fi

if ! has_image docker.io/library/node:20-bookworm-slim; then
  log "stand-in node:20-bookworm-slim from this machine's Node.js $(node --version)"
  ctx="$(mktemp -d)"
  cp "$(readlink -f "$(command -v node)")" "$ctx/node"
  cp -r "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" "$ctx/npm"
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/"
  # --network=none: a build on podman's default network would add a bridge and iptables rules to the host.
  podman build -q --network=none --pull=never -f "$K8S_ROOT/cluster/k8s/images/node.Containerfile" -t docker.io/library/node:20-bookworm-slim "$ctx" >/dev/null
  podman tag docker.io/library/node:20-bookworm-slim docker.io/library/node:20-slim
  rm -rf "$ctx"
fi

# containerd's sandbox ("pause") image: podman builds one from catatonit for its own pods.
if ! has_image "$PAUSE_IMAGE"; then
  log "pause image"
  podman pod create --network none --name image-editor-pause-probe >/dev/null
  podman pod rm -f image-editor-pause-probe >/dev/null
  podman tag "$(podman images --format '{{.Repository}}:{{.Tag}}' | grep podman-pause | head -1)" "$PAUSE_IMAGE"
fi

for db in redis postgres; do
  ref="localhost/image-editor-$db:bookworm"
  if ! has_image "$ref"; then
    log "image $ref"
    podman build -q --network=host --pull=never -f "$K8S_ROOT/cluster/k8s/images/$db.Containerfile" -t "$ref" "$K8S_ROOT/cluster/k8s/images" >/dev/null
  fi
done

log "building the app image from the project's Dockerfile"
start=$(date +%s)
podman build -q --network=host --pull=never -t localhost/image-editor:build "$K8S_ROOT" >/dev/null
id="$(podman image inspect localhost/image-editor:build --format '{{.Id}}' | cut -c1-12)"
podman tag localhost/image-editor:build "localhost/image-editor:$id"
bytes="$(podman image inspect "localhost/image-editor:$id" --format '{{.Size}}')"
# Earlier builds' images would pile up in podman's store, some 600 MB each.
for old in $(podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/image-editor:' | grep -v -e ":$id\$" -e ':build$'); do
  podman rmi "$old" >/dev/null 2>&1 || true
done
echo "localhost/image-editor:$id" > "$K8S_WORK/app-image"
echo "$((bytes / 1000000))" > "$K8S_WORK/app-image-mb"
log "app image localhost/image-editor:$id, $((bytes / 1000000)) MB, in $(( $(date +%s) - start )) s"
