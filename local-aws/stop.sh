#!/usr/bin/env bash
# Stops what local-aws/start.sh started (same RUN_DIR).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run_dir="${RUN_DIR:-$here/.run}"
for name in kinesis dynamodb; do
	if [ -f "$run_dir/$name.pid" ]; then
		kill "$(cat "$run_dir/$name.pid")" 2>/dev/null || true
		rm -f "$run_dir/$name.pid"
	fi
done
