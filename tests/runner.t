#!/bin/sh
# The runner itself (tests/lib.sh): a check fails on any failing line of its
# body, not only the last; check_out, check_fail and check_err judge what
# they say they judge.  Each case runs a little .t file and reads its TAP.
. "$(dirname "$0")/lib.sh"

# tap BODY...: a .t file of these lines after sourcing lib.sh; its TAP lines
tap() {
	{
		echo ". '$top/tests/lib.sh'"
		printf '%s\n' "$@"
		echo 'done_testing'
	} >"$tmp/self.t"
	sh "$tmp/self.t" 2>&1 | grep -E '^(not )?ok|^1\.\.'
}

check 'a failing line in the middle of a check fails it' \
	"tap \"check t 'false
true'\" | grep -qx 'not ok 1 - t'"
check 'a body that passes line by line passes' \
	"tap \"check t 'true
test 1 -eq 1'\" | grep -qx 'ok 1 - t'"
check 'exits: the status asked for passes, another fails' \
	"tap \"check a 'exits 3 sh -c \\\"exit 3\\\"'\" \"check b 'exits 3 true'\" | tr '\\n' ' ' | grep -qx 'ok 1 - a not ok 2 - b 1..2 '"
check 'check_out: the stdout, and a failing line before the output fails it' \
	"printf 'x\\n' >$tmp/x && tap \"check_out a $tmp/x 'echo x'\" \"check_out b $tmp/x 'false
echo x'\" | tr '\\n' ' ' | grep -qx 'ok 1 - a not ok 2 - b 1..2 '"
check 'check_fail: the status' \
	"tap \"check_fail a 2 'exit 2'\" \"check_fail b 2 'exit 1'\" | tr '\\n' ' ' | grep -qx 'ok 1 - a not ok 2 - b 1..2 '"
check 'check_err: the status and a line of stderr' \
	"tap \"check_err a 2 '^p: bad' 'echo p: bad >&2; exit 2'\" \"check_err b 2 '^p: bad' 'echo p: good >&2; exit 2'\" \
	    \"check_err c 2 '^p: bad' 'echo p: bad >&2; exit 1'\" | tr '\\n' ' ' |
	 grep -qx 'ok 1 - a not ok 2 - b not ok 3 - c 1..3 '"
check 'done_testing fails the file when a check failed' \
	"tap \"check t false\" >/dev/null && ! sh $tmp/self.t >/dev/null 2>&1"
done_testing
