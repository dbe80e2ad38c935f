# Shared by start.sh and stop.sh: which processes are this folder's emulators.

# The program an emulator runs, as it appears on its command line.
emulator_program() {
	case "$1" in
		kinesis) echo "$here/node_modules/kinesis-local/main.js" ;;
		dynamodb) echo "$here/node_modules/dynalite/cli.js" ;;
	esac
}

# Prints the pid of emulator $2 started with run dir $1 and succeeds if it still runs; a pid file
# whose process is gone or runs something else is stale and does not count.
running_emulator() {
	local pid_file="$1/$2.pid" pid
	[ -f "$pid_file" ] || return 1
	pid="$(cat "$pid_file")"
	case "$pid" in '' | *[!0-9]*) return 1 ;; esac
	[ -r "/proc/$pid/cmdline" ] || return 1
	tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$(emulator_program "$2")" || return 1
	echo "$pid"
}
