#!/bin/sh
# bench-filter.sh - axfilter against jq on 100,000 real scored paper records
# (the 63 astro-ph days of tests/data/scored-astro-ph.tar.gz, 5157 papers,
# repeated with ids made unique): the cutoffs streaming, and the sort; CPU
# seconds (user+sys) and the ratio, same run; then the streaming filter's peak
# memory at 10,000 and 100,000 records, which should be the same.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

tar xzf "$top/tests/data/scored-astro-ph.tar.gz" -C "$tmp"
for f in "$tmp"/scored/*-output.json; do
	jq -c 'to_entries[] | .value | {id: .ARXIVID, title, authors, abstract,
	    relevance: .RELEVANCE, novelty: .NOVELTY, score: .SCORE, reason: .COMMENT}' "$f"
done >"$tmp/days.jsonl"
k=0
while [ $k -lt 20 ]; do
	sed "s/^{\"id\":\"\([^\"]*\)\"/{\"id\":\"\1-$k\"/" "$tmp/days.jsonl"
	k=$((k + 1))
done | head -100000 >"$tmp/100k.jsonl"
head -10000 "$tmp/100k.jsonl" >"$tmp/10k.jsonl"
echo "input: $(wc -l <"$tmp/100k.jsonl") records, $(($(wc -c <"$tmp/100k.jsonl") / 1048576)) MiB, $(sort -u "$tmp/100k.jsonl" | wc -l) distinct"

# run NAME OUT COMMAND...: CPU seconds and peak KiB into $tmp/NAME.time
run() {
	_name=$1 _out=$2
	shift 2
	/usr/bin/time -f '%U %S %M %e' -o "$tmp/$_name.time" "$@" >"$_out" 2>/dev/null
}
cpu() { awk '{ printf "%.2f", $1 + $2 }' "$tmp/$1.time"; }
kib() { awk '{ print $3 }' "$tmp/$1.time"; }
ratio() { awk -v a="$(cpu "$1")" -v b="$(cpu "$2")" 'BEGIN { printf "%.1f", b / (a > 0 ? a : 0.01) }'; }

run ax-cut "$tmp/ax-cut.out" "$AXBIN/axfilter" --min-relevance 7 --min-novelty 7 "$tmp/100k.jsonl"
run jq-cut "$tmp/jq-cut.out" jq -c 'select(.relevance >= 7 and .novelty >= 7)' "$tmp/100k.jsonl"
cmp -s "$tmp/ax-cut.out" "$tmp/jq-cut.out" && same=same || same=DIFFERENT
echo "cutoffs, 100k: axfilter --min-relevance 7 --min-novelty 7 $(cpu ax-cut) s," \
    "jq select $(cpu jq-cut) s: $(ratio ax-cut jq-cut)x ($(wc -l <"$tmp/ax-cut.out") kept, output $same)"

run ax-sort "$tmp/ax-sort.out" "$AXBIN/axfilter" --sort "$tmp/100k.jsonl"
run jq-sort "$tmp/jq-sort.out" jq -s -c 'sort_by(-.score, -.relevance)[]' "$tmp/100k.jsonl"
cmp -s "$tmp/ax-sort.out" "$tmp/jq-sort.out" && same=same || same=DIFFERENT
echo "sort, 100k: axfilter --sort $(cpu ax-sort) s, $(kib ax-sort) KiB;" \
    "jq -s sort_by $(cpu jq-sort) s, $(kib jq-sort) KiB: $(ratio ax-sort jq-sort)x (output $same)"

run ax-10k /dev/null "$AXBIN/axfilter" --min-relevance 7 --min-novelty 7 "$tmp/10k.jsonl"
echo "peak memory of the streaming filter: 10k records $(kib ax-10k) KiB, 100k records $(kib ax-cut) KiB"

# the seen set at a real size: 300,000 ids already delivered (written with CRLF
# and versions, as a hand-edited file has them) against the 100k records with
# arXiv ids, half of them in it; the reference is awk's hash table doing the
# same lookup
awk '{ sub(/"id":"[^"]*"/, sprintf("\"id\":\"26%02d.%05d\"", 1 + int(NR / 100000), NR % 100000)); print }' \
    "$tmp/100k.jsonl" >"$tmp/100k-ids.jsonl"
awk -F'"' 'NR % 2 == 0 { printf "%sv1\r\n", $4 }' "$tmp/100k-ids.jsonl" >"$tmp/seen"
awk 'BEGIN { for (i = 0; i < 250000; i++) printf "24%02d.%05d\r\n", 1 + int(i / 100000), i % 100000 }' >>"$tmp/seen"
cp "$tmp/seen" "$tmp/seen.ax"
run ax-seen "$tmp/ax-seen.out" "$AXBIN/axfilter" --seen "$tmp/seen.ax" "$tmp/100k-ids.jsonl"
run awk-seen "$tmp/awk-seen.out" awk -F'"' 'NR == FNR { sub(/v1\r$/, ""); sub(/\r$/, ""); s[$0]; next } !($4 in s)' \
    "$tmp/seen" "$tmp/100k-ids.jsonl"
cmp -s "$tmp/ax-seen.out" "$tmp/awk-seen.out" && same=same || same=DIFFERENT
echo "seen set, $(wc -l <"$tmp/seen") seen ids x 100k records: axfilter --seen $(cpu ax-seen) s" \
    "(reads, normalises and rewrites the file), awk hash lookup $(cpu awk-seen) s: $(ratio ax-seen awk-seen)x" \
    "($(wc -l <"$tmp/ax-seen.out") kept, output $same; $(kib ax-seen) KiB)"
