#!/bin/sh
# Every tool answers -h and --version, and rejects a bad option with status 2.
. "$(dirname "$0")/lib.sh"
for t in axfetch axprompt axscore axfilter axrender axcost; do
	check "$t -h prints the usage to stdout" "$t -h | grep -q '^usage: $t'"
	check "$t --version" "$t --version | grep -q '^$t (ax) [0-9]'"
	check_fail "$t with a bad option exits 2" 2 "$t --no-such-option"
	check "$t has a man page" "test -f '$top/man/man1/$t.1'"
	check_fail "$t -h into a full disk exits 1" 1 "$t -h >/dev/full"
done
done_testing
