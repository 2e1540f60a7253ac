#!/bin/sh
# tests/fuzz/run.sh NAME SECONDS [libFuzzer options]: seed build/fuzz/corpus/NAME from
# the real fixtures in tests/data and tests/fuzz/seeds/NAME, run build/fuzz/fuzz_NAME for SECONDS,
# print one summary line.  A crash leaves its input in build/fuzz/artifacts/NAME/.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
name=$1 secs=$2
shift 2
bin=$top/build/fuzz/fuzz_$name
corpus=$top/build/fuzz/corpus/$name
art=$top/build/fuzz/artifacts/$name
log=$top/build/fuzz/$name.log
fx=$top/tests/data
mkdir -p "$corpus" "$art"

# one seed a line of a JSONL file
lines() {
	for f; do
		[ -f "$f" ] && head -40 "$f" | split -l 1 -a 4 - "$corpus/$(basename "$f")."
	done
	return 0
}

# files as they are (truncated: libFuzzer mutates better from small seeds)
files() {
	for f; do
		[ -f "$f" ] && head -c 16384 "$f" >"$corpus/$(basename "$f")"
	done
	return 0
}

if [ ! -f "$corpus/.seeded" ]; then
	case $name in
	jsonl)
		lines "$fx"/*.jsonl "$fx/seed-2025-09-10/papers.jsonl"
		for f in "$fx"/llm-*.json; do
			jq -c . "$f" >"$corpus/$(basename "$f")" 2>/dev/null || true
		done ;;
	calendar)
		# pubDates and dates as the feeds and fixtures write them
		grep -ho '<pubDate>[^<]*' "$fx"/*rss*.xml 2>/dev/null |
		    sed 's/<pubDate>//' | sort -u | split -l 1 -a 3 - "$corpus/pubdate." || true
		for d in 2025-09-10 2024-02-29 2025-09-10T00:30:00-04:00 2025-09-10T03:30:00Z \
		    "2025-09-10 12:00" 1757476800 "27 Apr 2026"; do
			printf '%s' "$d" >"$corpus/date.$(printf '%s' "$d" | cksum | cut -d' ' -f1)"
		done ;;
	feed)
		files "$fx"/*.xml ;;
	answer)
		files "$fx"/*answer* "$fx"/llm-* ;;
	render)
		lines "$fx/seed-2025-09-10/papers.jsonl"
		files "$top"/tests/data/handmade-hostile*.jsonl ;;
	esac
	touch "$corpus/.seeded"
fi
[ -d "$top/tests/fuzz/seeds/$name" ] && cp "$top/tests/fuzz/seeds/$name"/* "$corpus/" 2>/dev/null
[ -d "$top/tests/fuzz/regress/$name" ] && cp "$top/tests/fuzz/regress/$name"/* "$corpus/" 2>/dev/null

# stderr of the target is closed (-close_fd_mask=2): tools report every bad line,
# sanitizer and crash reports still reach the log
if "$bin" -max_total_time="$secs" -close_fd_mask=2 -artifact_prefix="$art/" \
    -print_final_stats=1 "$@" "$corpus" >"$log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	echo "fuzz $name: $runs runs in ${secs}s, corpus $(ls "$corpus" | wc -l) inputs, no crash"
else
	echo "fuzz $name: FAILED (log $log, inputs in $art)"
	grep -E 'ERROR|runtime error|SUMMARY|#[0-9]+ 0x' "$log" | head -30
	exit 1
fi
