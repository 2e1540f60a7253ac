#!/bin/sh
# The C unit tests of lib/ (tests/unit/*.c), each printing its own TAP.
. "$(dirname "$0")/lib.sh"
for t in "$AXBIN"/test/*; do
	[ -x "$t" ] || continue
	"$t" >"$tmp/unit.out" 2>"$tmp/unit.err"
	st=$?
	grep -q '^not ok' "$tmp/unit.out" && st=1
	if [ "$st" -eq 0 ]; then
		_ok "$(basename "$t"): $(grep -c '^ok' "$tmp/unit.out") cases"
	else
		_notok "$(basename "$t")"
		sed 's/^/# /' "$tmp/unit.out" "$tmp/unit.err" | grep -v '^# ok'
	fi
done
done_testing
