#!/bin/sh
# bench-render.sh - axrender --format md on 10,000 papers (the 63 real days of
# tests/data/scored-astro-ph.tar.gz over again, ids made unique, shuffled so the sort
# has work), wall time and peak RSS, against jq doing the same sort and the
# same per-paper templating of the sections in the same run (jq writes each
# section as it goes: its join() is quadratic and would measure only that).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
seed=$top/tests/data/seed-2025-09-10

tar xzf "$top/tests/data/scored-astro-ph.tar.gz" -C "$tmp"
for f in "$tmp"/scored/*-output.json; do
	python3 "$top/tests/digest2inputs.py" --from-json "$f" "$tmp/day.jsonl"
	cat "$tmp/day.jsonl"
done >"$tmp/all.jsonl"
python3 -c 'import json,random,sys
recs=[json.loads(l) for l in open(sys.argv[1])]
out=[]
i=0
while len(out)<10000:
    r=dict(recs[i%len(recs)]); r["id"]="%s.%d" % (r["id"], i); out.append(r); i+=1
random.Random(1).shuffle(out)
sys.stdout.write("".join(json.dumps(r,ensure_ascii=False)+"\n" for r in out))' "$tmp/all.jsonl" >"$tmp/10k.jsonl"
echo "input: $(wc -l <"$tmp/10k.jsonl") papers, $(($(wc -c <"$tmp/10k.jsonl") / 1024)) KiB"

# best of three; prints "seconds peak-KiB"
measure() {
	best=
	for i in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$tmp/time" sh -c "$1" >"$tmp/out" 2>"$tmp/err" || {
			cat "$tmp/err" >&2; exit 1; }
		t=$(cat "$tmp/time")
		if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{print ($1 < $3)}')" = 1 ]; then best=$t; fi
	done
	echo "$best"
}

ax=$(measure "'$AXBIN/axrender' -f md --stats '$seed/stats.json' --system '$seed/system.md' --user '$seed/user.md' '$tmp/10k.jsonl'")
axbytes=$(wc -c <"$tmp/out")
jq=$(measure "jq -rs 'sort_by(-.score, -.relevance) | to_entries
	| (.[] | \"\\(.key+1). [\\(.value.title)](#user-content-link\\(.key+1))\\n**Authors:** \\(.value.authors|join(\", \"))\n\"),
	  (.[] | \"## \\(.key+1). [\\(.value.title)](https://arxiv.org/abs/\\(.value.id)) <a id=\\\"link\\(.key+1)\\\"></a>\\n\\n**ArXiv ID:** \\(.value.id)\\n\\n**Authors:** \\(.value.authors|join(\", \"))\\n\\n**Abstract:** \\(.value.abstract)\\n\\n**Comment:** \\(.value.reason)\\n\\n**Relevance:** \\(.value.relevance)\\n**Novelty:** \\(.value.novelty)\\n\\n---\\n\")' '$tmp/10k.jsonl'")
jqbytes=$(wc -c <"$tmp/out")
echo "axrender -f md: ${ax%% *} s, peak RSS ${ax##* } KiB, $axbytes bytes out"
echo "jq (sort + template): ${jq%% *} s, peak RSS ${jq##* } KiB, $jqbytes bytes out"
echo "$ax $jq" | awk '{ if ($1 > 0) printf "axrender is %.1fx faster than jq", $3 / $1; else printf "axrender under 10 ms"; printf ", uses %.2fx its memory\n", $2 / $4 }'
