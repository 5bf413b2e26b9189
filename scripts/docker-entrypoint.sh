#!/bin/sh
# The container's command names its role.
set -e
case "${1:-web}" in
  web) exec node node_modules/next/dist/bin/next start -p "${PORT:-3000}" ;;
  api | worker | migrate) exec node .build/main.mjs "$1" ;;
  *) exec "$@" ;;
esac
