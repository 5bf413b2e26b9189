#!/usr/bin/env bash
# Kubernetes v1.20.2's server binaries, built from Debian bookworm's source package (the only
# Kubernetes server these machines can get: no registry, no release downloads), once per machine.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
want=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
# Raise when the build changes (flags, patches): binaries of an older recipe are rebuilt.
RECIPE=2
[[ "$(cat "$K8S_BIN/.recipe" 2>/dev/null)" == "$RECIPE" ]] || rm -f "${want[@]/#/$K8S_BIN/}"
have=1; for b in "${want[@]}"; do [[ -x "$K8S_BIN/$b" ]] || have=0; done
if [[ $have == 1 ]]; then log "Kubernetes $K8S_VERSION binaries cached in $K8S_BIN"; exit 0; fi

src="$K8S_CACHE/src"; mkdir -p "$src" "$K8S_BIN"
if [[ ! -d "$src/kubernetes" ]]; then
  log "fetching Debian's kubernetes source package"
  # A private apt configuration: the machine's own bookworm mirror as deb-src, /etc/apt untouched.
  mirror=$(debian_mirror)
  mkdir -p "$src/apt/lists/partial"
  echo "deb-src [trusted=yes] ${mirror%/} bookworm main" > "$src/apt/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$src/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent -o "Dir::State::Lists=$src/apt/lists")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$src" && apt-get "${apt_opts[@]}" source --download-only kubernetes >/dev/null)
  tarball=$(ls "$src"/kubernetes_*.orig.tar.* | head -1)
  mkdir -p "$src/kubernetes.tmp" && tar -C "$src/kubernetes.tmp" --strip-components=1 -xf "$tarball"
  mv "$src/kubernetes.tmp" "$src/kubernetes"
fi

# GOPATH mode: module mode fails on the vendored tree ("updates to go.mod needed").
export GOPATH="$K8S_CACHE/gopath" GOCACHE="$K8S_CACHE/gocache" GO111MODULE=off CGO_ENABLED=0 GOFLAGS=
mkdir -p "$GOPATH/src/k8s.io"
ln -sfn "$src/kubernetes" "$GOPATH/src/k8s.io/kubernetes"
cd "$GOPATH/src/k8s.io/kubernetes"
if [[ ! -f pkg/generated/openapi/zz_generated.openapi.go ]]; then
  log "generating the OpenAPI definitions"
  make gen_openapi >/dev/null
fi
# Both version packages, as hack/lib/version.sh does: the API server's /version reads client-go's.
ldflags="-s -w"
for v in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
  ldflags+=" -X $v.gitVersion=$K8S_VERSION -X $v.gitMajor=1 -X $v.gitMinor=20 -X $v.gitTreeState=clean -X $v.buildDate=2021-01-13T00:00:00Z"
done
for b in "${want[@]}"; do
  [[ -x "$K8S_BIN/$b" ]] && continue
  log "building $b"
  go build -ldflags "$ldflags" -o "$K8S_BIN/$b.tmp" "./cmd/$b"
  mv "$K8S_BIN/$b.tmp" "$K8S_BIN/$b"
done
echo "$RECIPE" > "$K8S_BIN/.recipe"
log "built ${#want[@]} binaries into $K8S_BIN"
