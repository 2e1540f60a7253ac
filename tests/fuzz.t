#!/bin/sh
# Smoke of the fuzz harnesses (make fuzz runs them for longer): each harness replays
# its regression inputs (tests/fuzz/regress/NAME: every crash found so far), then
# fuzzes for FUZZ_SMOKE seconds (default 2) from the seeded corpus.
. "$(dirname "$0")/lib.sh"
smoke=${FUZZ_SMOKE:-2}
if ! (cd "$top" && make -s fuzz-build) >"$tmp/build.log" 2>&1; then
	_notok "the harnesses build (make fuzz-build)"
	sed 's/^/# /' "$tmp/build.log" | tail -20
	done_testing
	exit 1
fi
_ok "the harnesses build (make fuzz-build)"
for src in "$top"/tests/fuzz/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	bin=$top/build/fuzz/fuzz_$name
	if [ -d "$top/tests/fuzz/regress/$name" ]; then
		check "fuzz_$name: every regression input runs clean" \
		    "'$bin' -close_fd_mask=2 '$top'/tests/fuzz/regress/$name/*"
	fi
	check "fuzz_$name: ${smoke}s from the seed corpus without a crash" \
	    "sh '$top/tests/fuzz/run.sh' $name $smoke"
done
done_testing
