#!/bin/sh
# The container's command names its role. Each role handles SIGTERM itself (edge-api/lifecycle.ts).
set -e
case "${1:-web}" in
  web) exec node .build/web.mjs ;;
  api | worker | migrate) exec node .build/main.mjs "$@" ;;
  *) exec "$@" ;;
esac
