#!/bin/sh
# bench-model.sh - the local relevance model (tools/axscore/rank.c) measured on the 63
# scored astro-ph days in tests/data: trained on the first 31 days, evaluated
# per day on the last 32 (recall of the papers the LLM rated relevance >= 8
# when keeping the top 30/35/40/50 % of each day, the share to keep for 98 %
# recall, Spearman's rho with the LLM relevance), for BM25 against the topics
# and for the learned model; then the time to train on 10,000 papers and to
# score 100,000, against the time jq takes to read the same input.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cflags="-std=c11 -D_XOPEN_SOURCE=700 -O2 -I$top/lib -I$top/tools/axscore $(pkg-config --cflags json-c)"
libs="$AXBIN/../obj/libax.a $(pkg-config --libs json-c) -lstemmer -lm"
${CC:-cc} $cflags -o "$tmp/rank-eval" "$top/tests/rank-eval.c" "$top/tools/axscore/rank.c" $libs
${CC:-cc} $cflags -o "$tmp/rank-driver" "$top/tests/rank-driver.c" "$top/tools/axscore/local.c" "$top/tools/axscore/rank.c" $libs

sh "$top/tests/scored-days.sh" "$top/tests/data" "$tmp"

echo "-- recall and rank agreement (rank-eval -t topics days/*.jsonl)"
"$tmp/rank-eval" -t "$tmp/topics.txt" "$tmp"/days/*.jsonl
echo "-- the same with more or less history (-s days)"
for s in 16 47; do
	"$tmp/rank-eval" -q -s $s -t "$tmp/topics.txt" "$tmp"/days/*.jsonl | sed "s/^/train $s days: /"
done

# timing: 10,000 papers of history (the days twice over, with new ids) and
# 100,000 papers to score (the days 20 times over, unscored)
cat "$tmp"/days/*.jsonl "$tmp"/days/*.jsonl | head -10000 |
	jq -c '.id = "\(.id)-\(input_line_number)"' >"$tmp/history.jsonl"
i=0
while [ $i -lt 20 ]; do
	cat "$tmp"/days/*.jsonl
	i=$((i + 1))
done | head -100000 | jq -c 'del(.relevance, .novelty, .score, .reason)' >"$tmp/papers.jsonl"
secs() {
	_t0=$(date +%s.%N)
	"$@" >/dev/null
	echo "$(date +%s.%N) $_t0" | awk '{printf "%.2f", $1 - $2}'
}
"$tmp/rank-driver" train "$tmp/model" "$tmp/history.jsonl"
ref=$(secs jq -c . "$tmp/papers.jsonl")
echo "-- time (jq -c . on the 100,000 papers: ${ref} s)"
echo "train on 10,000 papers:      $(secs "$tmp/rank-driver" train "$tmp/model2" "$tmp/history.jsonl") s, model file $(wc -c <"$tmp/model") bytes"
echo "score 100,000 papers (model): $(secs "$tmp/rank-driver" score -m "$tmp/model" "$tmp/papers.jsonl") s"
echo "score 100,000 papers (BM25):  $(secs "$tmp/rank-driver" score -t "$tmp/topics.txt" "$tmp/papers.jsonl") s"
