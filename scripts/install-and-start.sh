#!/usr/bin/env bash
# Installs Brokerlab's dependencies and starts the app (the desktop window where Electron can
# run, the console in the browser where it cannot).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
npm ci --no-audit --no-fund
exec npm start
