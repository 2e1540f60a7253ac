#!/bin/sh
# bench-model.sh - the local relevance model (tools/axscore/rank.c) measured on
# the 63 scored astro-ph days in tests/data, split by time as held-out days
# would be: trained on the first 31 days, each of the last 32 ranked as a day
# it has never seen.  Prints the recall curve (the share of the papers the LLM
# rated relevance >= 8 kept when keeping the top 20/25/30/35/40/50 % of each
# day), the share kept for 98 %, and Spearman's rho, for the learned model,
# BM25 untrained against the topics, and each signal tried; then, for the
# learned defaults, the inner split they were chosen on (days 1-31 only, each
# of days 11-31 ranked by a model of the days before it); then the days
# replayed in order (TRAIN=auto: each day ranked by a model trained on every
# day before it); then the time to train on 10,000 papers and to score
# 100,000, against the time jq takes to read the same input.
# Goals (issue 16): learned >= 98 % at 30 %, BM25 >= 95 % at 40 %.
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
ev() {
	"$tmp/rank-eval" -q -t "$tmp/topics.txt" "$@" "$tmp"/days/*.jsonl
}

echo "-- recall of relevance >= 8 by share kept; trained on days 1-31, ranked days 32-63"
ev -M learned -L "learned"
ev -M bm25 -L "bm25 untrained"
echo "-- signals, one at a time (kept in the defaults only when they help)"
ev -M bm25 -L "bm25 without against" -n 0
ev -M bm25 -L "bm25 against x2" -n 0.2
ev -M bm25 -L "bm25 without pairs" -p 0
ev -M bm25 -L "bm25 without feedback" -E 0
ev -M bm25 -L "bm25 feedback 60 w" -E 60
ev -M bm25 -L "bm25 feedback top 5" -K 5
ev -M bm25 -L "bm25 feedback x.3" -a 0.3
ev -M bm25 -L "bm25 k1 0.9" -k 0.9
ev -M bm25 -L "bm25 k1 2" -k 2
ev -M bm25 -L "bm25 b 0.5" -Y 0.5
ev -M bm25 -L "bm25 title x1" -T 1
ev -M bm25 -L "bm25 title x3" -T 3
ev -M bm25 -L "bm25 idf of past days" -G
ev -M bm25 -L "bm25 best section" -S 1
ev -M bm25 -L "bm25 sections summed" -S 2
ev -M bm25 -L "bm25 without co-occurrence against" -U 0
ev -M bm25 -L "bm25 co-occurrence x.5" -V 1
ev -M bm25 -L "bm25 co-occurrence 10 w" -U 10
ev -M learned -L "learned +authors" -f words,title,bigrams,authors
ev -M learned -L "learned -title words" -f words,bigrams
ev -M learned -L "learned -bigrams" -f words,title
ev -M learned -L "learned novelty target" -N 1
ev -M learned -L "learned +bm25 (x1)" -B 1
ev -M learned -L "learned rrf bm25 (x.5)" -B 0.5 -X 30
ev -M learned -L "learned soft target" -l 0
ev -M learned -L "learned 5 epochs" -e 5
ev -M learned -L "learned lr 0.25" -r 0.25
ev -M learned -L "learned 18 bits" -b 18
ev -M learned -L "learned label >= 8" -l 8
ev -M learned -L "learned pos weight 2" -w 2
ev -M learned -L "learned label 7 only" -o 0
ev -M learned -L "learned rankNet pairs" -O 1
ev -M learned -L "learned log loss+pairs" -O 2
ev -M learned -L "learned rankNet graded" -O 3
ev -M learned -L "learned averaged SGD" -A
ev -M learned -L "learned AdaGrad" -D 1
ev -M learned -L "learned 5 bags (-ord)" -o 0 -g 5
ev -M learned -L "learned NB ratio" -x 1
ev -M learned -L "learned +Rocchio x30" -C 30
ev -M learned -L "learned raw tf" -u 1
ev -M learned -L "learned binary tf" -u 2
ev -M learned -L "learned L2 1e-3" -2 1e-3
ev -M learned -L "learned +topic lines" -Q 10
ev -M learned -L "learned +kNN 30 (x.3)" -J 30 -H 0.3
ev -M learned -L "learned +bm25 (x.5)" -B 0.5
ev -M learned -L "learned stacked, bm25" -Z 2
ev -M learned -L "stacked, bm25 sections" -Z 1
echo "-- inner split, how the learned defaults were chosen: days 1-31 only, 11-31 replayed"
ev31() {
	"$tmp/rank-eval" -q -t "$tmp/topics.txt" "$@" $(ls "$tmp"/days/*.jsonl | head -31)
}
ev31 -s 10 -P 0 -L "inner replay 11-31"
ev31 -s 10 -P 0 -o 0 -L "inner, label 7 only"
echo "-- replayed in order: each day ranked by a model trained on the days before it"
ev -s 1 -P 0 -L "replay days 2-63"
ev -s 1 -P 300 -L "replay, bm25 < 300 p"
ev -s 1 -M bm25 -L "bm25 days 2-63"
ev -s 31 -P 0 -L "replay days 32-63"

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
