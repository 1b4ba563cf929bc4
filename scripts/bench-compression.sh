#!/usr/bin/env bash
# The CSV export and a list page with and without gzip, side by side, over HTTP on SQLite:
#   ORDERS=200000 ROUNDS=3 scripts/bench-compression.sh
# Loads ORDERS demo orders into a scratch database, serves it, and downloads the export
# alternately uncompressed and gzip-compressed ROUNDS times; checks both decode to the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${ORDERS:-200000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18391}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
DB="sqlite:$DIR/bench.sqlite"
JUMUN="node packages/server/bin/jumun.js"
$JUMUN migrate --db "$DB" >/dev/null
KEYS=$($JUMUN keys create --project bench --db "$DB" --json)
$JUMUN demo-data --project bench --orders "$ORDERS" --seed 1 --now 2025-08-01T00:00:00Z --db "$DB"
AUTH=$(node -e 'const k = JSON.parse(process.argv[1]); console.log(`${k.client_key}:${k.secret_key}`)' "$KEYS")
LOG_LEVEL=silent $JUMUN serve --port "$PORT" --db "$DB" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
for round in $(seq 1 "$ROUNDS"); do
  for encoding in identity gzip; do
    curl -s -u "$AUTH" -H "accept-encoding: $encoding" -o "$DIR/export.$encoding" \
      -w "export round $round $encoding: %{size_download} bytes, first byte %{time_starttransfer} s, total %{time_total} s\n" \
      "http://127.0.0.1:$PORT/v1/orders/export"
  done
done
gunzip -c "$DIR/export.gzip" | cmp - "$DIR/export.identity" && echo "gzip export decodes to the same bytes"
for encoding in identity gzip; do
  curl -s -u "$AUTH" -H "accept-encoding: $encoding" -o /dev/null \
    -w "list page (limit 50) $encoding: %{size_download} bytes\n" "http://127.0.0.1:$PORT/v1/orders?limit=50"
done
uptime
