#!/usr/bin/env bash
# The Kinesis pipeline on Lambda, locally, in one command: ticks-raw -> ingest -> ticks -> hourlyHighUpdates
# -> hourly-highs and ticks -> slidingWindows -> window-stats (late records to ticks-late, bad ones to ticks-dlq), exactly as template.yaml
# maps it, without Docker or an AWS account.
#
#   local-aws/lambda-pipeline.sh
#
# Builds the aws jar when it is missing, starts the emulators of local-aws/start.sh when they are not running
# (Kinesis on 4568, DynamoDB on 4569), then runs the template's Kinesis event source mappings against them: the
# unzipped jar in AWS's Lambda runtime interface client, one runtime per shard. Function logs and the
# on-failure destination (one JSON file per batch given up on) are in target/local-lambda/. Ctrl-C stops it all.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$(cd "$here/.." && pwd)"
# shellcheck source=local-aws/emulators.sh
. "$here/emulators.sh"
run_dir="${RUN_DIR:-$here/.run}"
cd "$project"

if [ ! -f target/tickstream-0.1.0-SNAPSHOT-aws.jar ] || [ ! -d target/lambda-runtime ] || [ ! -d target/test-classes ]; then
	./mvnw -q -DskipTests package
fi

started=""
if ! running_emulator "$run_dir" kinesis > /dev/null; then
	"$here/start.sh"
	started=yes
fi
cleanup() {
	if [ -n "$started" ]; then
		"$here/stop.sh"
		echo "Stopped the local Lambda pipeline and the emulators."
	else
		echo "Stopped the local Lambda pipeline; the emulators it found running still run (local-aws/stop.sh stops them)."
	fi
}
trap cleanup EXIT

rm -rf target/local-lambda
# batch mode: no colour codes in the terminal when Ctrl-C ends it
./mvnw -B -q -Dstyle.color=never exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tickstream.lambda.esm.LocalLambdaPipeline \
	-Dexec.cleanupDaemonThreads=false -Dkinesis.port="${KINESIS_PORT:-4568}" -Ddynamodb.port="${DYNAMODB_PORT:-4569}"
