#!/bin/sh
# make memcheck: every tool under valgrind on real fixtures; any leak or error fails.
# Each tests/memcheck-*.sh lists its runs as lines "name|command" on stdout.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
PATH=$AXBIN:$top/pipelines:$PATH
export PATH AXBIN top
vg="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
fail=0 n=0
for m in "$top"/tests/memcheck-*.sh; do
	[ -f "$m" ] || continue
	sh "$m" | while IFS='|' read -r name cmd; do
		n=$((n + 1))
		if VG="$vg" sh -c "$cmd" >/dev/null 2>"${TMPDIR:-/tmp}/memcheck.err"; st=$?; [ $st -ne 99 ]; then
			echo "ok - $name"
		else
			echo "not ok - $name"; cat "${TMPDIR:-/tmp}/memcheck.err"; exit 1
		fi
	done || fail=1
done
[ $fail -eq 0 ] && echo "memcheck: no leaks or errors" || { echo "memcheck: FAILED"; exit 1; }
