#!/usr/bin/env bash
# Stops what local-aws/start.sh started (same RUN_DIR). A pid is killed only while it is still this
# folder's emulator: a stale pid file never kills an unrelated process.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=local-aws/emulators.sh
. "$here/emulators.sh"
run_dir="${RUN_DIR:-$here/.run}"
for name in kinesis dynamodb; do
	if pid="$(running_emulator "$run_dir" "$name")"; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if running_emulator "$run_dir" "$name" > /dev/null; then
			kill -9 "$pid" 2>/dev/null || true
		fi
	elif [ -f "$run_dir/$name.pid" ]; then
		echo "$run_dir/$name.pid names no running $name emulator; removing it" >&2
	fi
	rm -f "$run_dir/$name.pid"
done
