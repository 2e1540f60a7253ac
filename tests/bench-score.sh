#!/bin/sh
# bench-score.sh - axscore on a 500-paper day (real GPT-4.1 scores of
# tests/data/scored-astro-ph.tar.gz) at 8 papers a request, against tests/llmserver.py
# answering each request after a fixed delay: wall time of --jobs 8 against
# --jobs 1 in the same run (goal: 6x or more), tokens per paper, and the cost.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
PATH=$AXBIN:$PATH
delay=${DELAY:-0.25}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axbench.XXXXXX")
spid=
trap '[ -z "$spid" ] || kill $spid 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

mkdir "$tmp/data"
tar xzf "$top/tests/data/scored-astro-ph.tar.gz" -C "$tmp"
for f in "$tmp"/scored/2025-09-0*-output.json; do
	mv "$f" "$tmp/data/scored-$(basename "$f")"
done
jq -s 'add | to_entries | .[:500] | from_entries' "$tmp"/data/scored-*.json >"$tmp/day.json"
jq -c --rawfile sys "$top/tests/data/score-system.md" --rawfile user "$top/tests/data/score-user.md" \
	--argjson n 8 -f "$top/tests/score-requests.jq" "$tmp/day.json" >"$tmp/req.jsonl"
papers=$(jq -s 'map(.papers | length) | add' "$tmp/req.jsonl")

python3 "$top/tests/llmserver.py" --port-file "$tmp/port" --data "$tmp/data" --delay "$delay" \
	--lifetime 300 --log "$tmp/server.log" &
spid=$!
while [ ! -s "$tmp/port" ]; do sleep 0.05; done
OPENAI_BASE_URL=http://127.0.0.1:$(cat "$tmp/port")/v1
export OPENAI_BASE_URL

wall() {
	_t0=$(date +%s.%N)
	axscore --model gpt-4.1 --jobs "$1" --usage "$tmp/usage$1.jsonl" "$tmp/req.jsonl" >"$tmp/out$1.jsonl"
	_t1=$(date +%s.%N)
	echo "$_t1 - $_t0" | bc -l
}
t1=$(wall 1)
t8=$(wall 8)
ok=$(jq -s 'map(select(.relevance)) | length' "$tmp/out8.jsonl")
printf 'papers %s in %s requests, server delay %ss\n' "$papers" "$(wc -l <"$tmp/req.jsonl")" "$delay"
printf 'jobs 1: %.2fs  jobs 8: %.2fs  ratio %.1fx (goal >= 6x)\n' "$t1" "$t8" "$(echo "$t1 / $t8" | bc -l)"
printf 'scored %s of %s papers with --jobs 8\n' "$ok" "$papers"
jq -s --argjson p "$papers" '"prompt tokens per paper \(map(.prompt_tokens) | add / $p | floor), cached tokens per paper \(map(.cached_tokens) | add / $p | floor), completion tokens per paper \(map(.completion_tokens) | add / $p | floor)"' -r "$tmp/usage8.jsonl"
if axcost <"$tmp/usage8.jsonl" >"$tmp/cost.json" 2>"$tmp/cost.err"; then
	printf 'axcost: %s\n' "$(cat "$tmp/cost.json")"
else
	printf 'axcost: not available (%s)\n' "$(head -1 "$tmp/cost.err")"
fi
