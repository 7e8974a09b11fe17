#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine, then runs every suite (`npm test`).
# As root it installs the Debian packages (Chromium, kcat, Xvfb, Debian's confluent-kafka); the
# Apache Kafka peer, the PyPI and Go clients are fetched into .cache/ (outside git) once.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
    chromium kcat xvfb xauth python3-confluent-kafka librdkafka-dev ca-certificates >/dev/null
fi

# node-pty builds against Node's headers; Debian ships them in /usr/include/node.
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
npm ci --strict-allow-scripts --no-audit --no-fund

node scripts/setup-peers.js
npm test
