#!/bin/sh
# make bench: runs every tests/bench-*.sh; each prints its own figures as
# ratios against a reference measured in the same run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
PATH=$AXBIN:$top/pipelines:$PATH
export PATH AXBIN
for b in "$top"/tests/bench-*.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	sh "$b"
done
