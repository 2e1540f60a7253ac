# tests/lib.sh - sourced by every tests/*.t: TAP output, tools on PATH, temp dir.
# A case is   check 'what it shows' 'command'            (passes on exit 0)
#        or   check_out 'title' expected-file 'command'   (stdout compared, diff -u shown)
#        or   check_fail 'title' status 'command'         (exit status must be status)
#        or   check_err 'title' status pattern 'command'  (exit status, and a line of
#                                                          stderr matching the grep pattern)
# Each command runs in a subshell with set -e: every line of it counts, a
# failing line ends it with its status (use `! cmd` or `cmd || ...` on purpose).
# Its stdout and stderr are kept in $tmp/.out and $tmp/.err until the next case.
# done_testing prints the plan from the count and exits non-zero on any failure.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
PATH=$AXBIN:$top/pipelines:$PATH
export PATH AXBIN
data=$top/tests/data
LC_ALL=C.UTF-8
export LC_ALL
unset OPENAI_API_KEY ANTHROPIC_API_KEY OPENAI_BASE_URL 2>/dev/null || true
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axtest.XXXXXX")
trap 'for p in $_servers; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
# Debian's python3 (what .ci/run installs) for the test servers and checks: a
# version manager's shim in front of it costs 0.2 s a start, hundreds of times
if [ -x /usr/bin/python3 ]; then
	mkdir -p "$tmp/.bin"
	ln -s /usr/bin/python3 "$tmp/.bin/python3"
	PATH=$tmp/.bin:$PATH
fi
_servers=
_n=0
_failed=0

_ok() {
	_n=$((_n + 1))
	echo "ok $_n - $1"
}

_notok() {
	_n=$((_n + 1))
	_failed=$((_failed + 1))
	echo "not ok $_n - $1"
}

# _run COMMAND: run it with set -e in a subshell, stdout and stderr to
# $tmp/.out and $tmp/.err, its status in $_st.  Not in an if, nor before
# || or &&: there set -e would be ignored for the whole command.
_run() {
	(set -e; eval "$1") >"$tmp/.out" 2>"$tmp/.err"
	_st=$?
}

_show() {
	echo "# command: $1" | head -c 2000
	[ "$_st" -eq 0 ] || echo "# exit status $_st"
	sed 's/^/# stdout: /' "$tmp/.out" | head -20
	sed 's/^/# stderr: /' "$tmp/.err" | head -20
}

# exits STATUS CMD [ARGS]: inside a check, succeeds when CMD exits with STATUS
# (set -e would end the check at a command that fails on purpose):
#   exits 1 axrender -f json 2>$tmp/e >$tmp/o && grep -q ... $tmp/e
exits() {
	_want=$1
	shift
	"$@" && _got=0 || _got=$?
	[ "$_got" -eq "$_want" ] || { echo "exit status $_got, expected $_want: $*" >&2; return 1; }
}

# check TITLE COMMAND: the command, run by sh, must exit 0
check() {
	_run "$2"
	if [ "$_st" -eq 0 ]; then
		_ok "$1"
	else
		_notok "$1"
		_show "$2"
	fi
}

# check_out TITLE EXPECTED COMMAND: stdout must equal the file EXPECTED
# (the command's status is not looked at: a failing line still ends it)
check_out() {
	_run "$3"
	if cmp -s "$2" "$tmp/.out"; then
		_ok "$1"
	else
		_notok "$1"
		echo "# command: $3"
		[ "$_st" -eq 0 ] || echo "# exit status $_st"
		diff -u "$2" "$tmp/.out" | head -60 | sed 's/^/# /'
		sed 's/^/# stderr: /' "$tmp/.err" | head -20
	fi
}

# check_fail TITLE STATUS COMMAND: the command must exit with STATUS
check_fail() {
	_run "$3"
	if [ "$_st" -eq "$2" ]; then
		_ok "$1"
	else
		_notok "$1"
		echo "# command: $3"
		echo "# exit status $_st, expected $2"
		sed 's/^/# stderr: /' "$tmp/.err" | head -20
	fi
}

# check_err TITLE STATUS PATTERN COMMAND: the command must exit with STATUS
# and write a line matching the grep pattern PATTERN to stderr
check_err() {
	_run "$4"
	if [ "$_st" -eq "$2" ] && grep -q -- "$3" "$tmp/.err"; then
		_ok "$1"
	else
		_notok "$1"
		echo "# command: $4"
		echo "# exit status $_st, expected $2; stderr should match: $3"
		sed 's/^/# stderr: /' "$tmp/.err" | head -20
	fi
}

# server NAME ARGS...: start tests/NAME.py on a free 127.0.0.1 port; sets $port.
# Each server exits by itself after its --lifetime (default 120 s).
server() {
	_name=$1
	shift
	rm -f "$tmp/.port"
	python3 "$top/tests/$_name.py" --port-file "$tmp/.port" "$@" 2>"$tmp/$_name.log" &
	_servers="$_servers $!"
	_i=0
	while [ ! -s "$tmp/.port" ] && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	port=$(cat "$tmp/.port" 2>/dev/null)
	if [ -z "$port" ]; then
		echo "Bail out! $_name server did not start"
		cat "$tmp/$_name.log"
		exit 1
	fi
}

done_testing() {
	# a tool that renames a file over a path it was given can replace /dev/null
	if [ ! -c /dev/null ]; then
		_notok "/dev/null is still a device after $(basename "$0")"
	fi
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
