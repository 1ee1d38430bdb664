#!/usr/bin/env bash
# Install the dashboard's front-end assets from the npm registry (never committed, never from a CDN):
# world-atlas (Natural Earth 1:110m country shapes as TopoJSON) into src/detente/web/vendor/node_modules,
# where detente.web.shapes finds it (or set DETENTE_WEB_ASSETS to another node_modules folder).
# plotly.js needs no step: it ships inside the plotly Python package.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --silent --no-save --no-package-lock --no-audit --no-fund \
  --prefix src/detente/web/vendor world-atlas@2.0.2
