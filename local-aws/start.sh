#!/usr/bin/env bash
# Starts local Kinesis (kinesis-mock, npm package kinesis-local) and DynamoDB (dynalite) on 127.0.0.1,
# creates the streams and waits until both answer. No Docker, no AWS account.
#
#   local-aws/start.sh            ports 4568 (Kinesis) and 4569 (DynamoDB), streams of 1 shard
#   KINESIS_PORT=5000 DYNAMODB_PORT=5001 SHARDS=2 STREAMS="a b" RUN_DIR=/tmp/x local-aws/start.sh
#
# Stop them with local-aws/stop.sh (same RUN_DIR). Installs the npm packages first if needed.
# Refuses to start over emulators of the same RUN_DIR that still run; stops what it started if they
# do not become ready.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=local-aws/emulators.sh
. "$here/emulators.sh"
kinesis_port="${KINESIS_PORT:-4568}"
dynamodb_port="${DYNAMODB_PORT:-4569}"
kinesis_tls_port="${KINESIS_TLS_PORT:-$((kinesis_port + 1000))}"
shards="${SHARDS:-1}"
streams="${STREAMS-ticks-raw ticks ticks-dlq hourly-highs window-stats ticks-late}"
run_dir="${RUN_DIR:-$here/.run}"
mkdir -p "$run_dir"

for name in kinesis dynamodb; do
	if pid="$(running_emulator "$run_dir" "$name")"; then
		echo "local $name is already running (pid $pid, $run_dir); stop it first with local-aws/stop.sh" >&2
		exit 1
	fi
done

if [ ! -d "$here/node_modules/kinesis-local" ] || [ ! -d "$here/node_modules/dynalite" ]; then
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

initialize=""
for stream in $streams; do
	initialize="${initialize:+$initialize,}$stream:$shards"
done

# Each emulator runs in a session of its own: a Ctrl-C in the terminal that started it (or a script that uses it,
# such as lambda-pipeline.sh) does not reach it; stop.sh stops it.
# kinesis-mock binds every interface and has no setting for it; loopback-only.js keeps it on 127.0.0.1.
# Its account allows 50 shards by default (as a new AWS account once did); the test run creates more streams than
# that on one emulator, so the limit is raised (KINESIS_SHARD_LIMIT).
if [ -n "$initialize" ]; then
	export INITIALIZE_STREAMS="$initialize"
fi
KINESIS_MOCK_CERT_PATH="$here/node_modules/kinesis-local/server.json" \
KINESIS_MOCK_PLAIN_PORT="$kinesis_port" KINESIS_MOCK_TLS_PORT="$kinesis_tls_port" \
CREATE_STREAM_DURATION=0ms LOG_LEVEL="${KINESIS_LOG_LEVEL:-WARN}" SHARD_LIMIT="${KINESIS_SHARD_LIMIT:-500}" \
	setsid nohup node --require "$here/loopback-only.js" "$here/node_modules/kinesis-local/main.js" \
	> "$run_dir/kinesis.log" 2>&1 &
echo $! > "$run_dir/kinesis.pid"
# from here on, a failure stops what was started
trap 'status=$?; if [ $status -ne 0 ]; then RUN_DIR="$run_dir" "$here/stop.sh"; fi' EXIT

setsid nohup node --require "$here/loopback-only.js" --require "$here/survive-aborted-requests.js" \
	"$here/node_modules/dynalite/cli.js" \
	--host 127.0.0.1 --port "$dynamodb_port" --createTableMs 50 > "$run_dir/dynamodb.log" 2>&1 &
echo $! > "$run_dir/dynamodb.pid"

# an unsigned call is refused, but a refusal that names the signature proves the server answers
ask() {
	curl -s -m 2 -X POST "http://127.0.0.1:$1/" -H "Content-Type: application/x-amz-json-$2" -H "X-Amz-Target: $3" \
		-H "X-Amz-Date: $(date -u +%Y%m%dT%H%M%SZ)" \
		-H "Authorization: AWS4-HMAC-SHA256 Credential=local/$(date -u +%Y%m%d)/us-east-1/$4/aws4_request, SignedHeaders=host;x-amz-date, Signature=0" \
		-d "$5" || true
}

deadline=$((SECONDS + ${READY_TIMEOUT:-60}))
# await EXPECTED WHAT-FAILED PORT VERSION TARGET SERVICE BODY: asks until the answer holds EXPECTED, or gives up
# at the deadline saying WHAT-FAILED
await() {
	until ask "$3" "$4" "$5" "$6" "$7" | grep -q "$1"; do
		if [ $SECONDS -gt $deadline ]; then
			echo "$2" >&2
			exit 1
		fi
		sleep 0.2
	done
}

# Kinesis answers at all (with no streams to create, nothing else would wait for it)
await '"StreamNames"' "kinesis-local did not answer on port $kinesis_port; see $run_dir/kinesis.log" \
	"$kinesis_port" 1.1 Kinesis_20131202.ListStreams kinesis '{}'
for stream in $streams; do
	await '"StreamStatus":"ACTIVE"' \
		"kinesis-local did not make stream $stream ACTIVE on port $kinesis_port; see $run_dir/kinesis.log" \
		"$kinesis_port" 1.1 Kinesis_20131202.DescribeStreamSummary kinesis "{\"StreamName\":\"$stream\"}"
done
await 'TableNames' "dynalite did not answer on port $dynamodb_port; see $run_dir/dynamodb.log" \
	"$dynamodb_port" 1.0 DynamoDB_20120810.ListTables dynamodb '{}'
echo "Kinesis on http://127.0.0.1:$kinesis_port (streams: $streams), DynamoDB on http://127.0.0.1:$dynamodb_port"
