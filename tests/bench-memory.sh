#!/bin/sh
# bench-memory.sh - peak RSS of axscore through the LLM path (tests/llmserver.py
# --fast) for 1,000, 10,000 and 100,000 papers: copies of the real 2,265-paper
# OAI-PMH harvest of 2023-03-07 (tests/data) with distinct ids, through
# axprompt --batch 8 into axscore --jobs 16.  Figures in MB and as ratios
# against the 1,000-paper run of the same session (goal: flat, the ratio near
# 1: axscore holds only the requests ahead of its output, not its input).
# The reference is a run that holds everything: axscore --jobs 16 in a mode
# that reads all requests first (--batch-api would), measured at 10,000.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
PATH=$AXBIN:$PATH
d=$top/tests/data
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axbench.XXXXXX")
spid=
trap '[ -z "$spid" ] || kill $spid 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

axfetch -f "$d"/oai-oai_dc-ListRecords-2023-03-07-page1.xml \
	"$d"/oai-oai_dc-ListRecords-2023-03-07-page2.xml \
	"$d"/oai-oai_dc-ListRecords-2023-03-07-page3-last.xml >"$tmp/day.jsonl"
# papers N: N papers, copies of the day, each copy's ids in an archive of its own
papers() {
	python3 - "$tmp/day.jsonl" "$1" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for n in range(int(sys.argv[2])):
    k, i = divmod(n, len(recs))
    r = recs[i] if k == 0 else dict(recs[i], id="x%02d-th/92%02d%03d" % (k, 1 + i // 999, i % 999 + 1))
    sys.stdout.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
EOF
}
# peak CMD...: the command's peak resident set in KiB (getrusage of the child) to $tmp/kb
peak() {
	python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$tmp/kb" "$@"
}

python3 "$top/tests/llmserver.py" --port-file "$tmp/port" --fast --lifetime 900 2>"$tmp/server.log" &
spid=$!
while [ ! -s "$tmp/port" ]; do sleep 0.05; done
OPENAI_BASE_URL=http://127.0.0.1:$(cat "$tmp/port")/v1
OPENAI_API_KEY=x
export OPENAI_BASE_URL OPENAI_API_KEY

for n in 1000 10000 100000; do
	papers $n | axprompt --batch 8 --system "$top/examples/ml.system.md" \
	    --user "$top/examples/ml.user.md" >"$tmp/req.jsonl"
	t0=$(date +%s.%N)
	peak axscore --model gpt-4.1 --jobs 16 "$tmp/req.jsonl" 2>"$tmp/err" >"$tmp/out.jsonl"
	kb=$(cat "$tmp/kb")
	t1=$(date +%s.%N)
	[ "$(wc -l <"$tmp/out.jsonl")" -eq $n ] || { echo "bench-memory: $n papers: $(wc -l <"$tmp/out.jsonl") out" >&2; exit 1; }
	eval "kb$n=$kb"
	printf '%6d papers, %5d requests: peak RSS %6.1f MB, %5.1fs, ratio to 1,000 papers %.2f\n' \
	    $n "$(wc -l <"$tmp/req.jsonl")" "$(echo "$kb / 1024" | bc -l)" "$(echo "$t1 - $t0" | bc -l)" \
	    "$(echo "$kb / ${kb1000:-$kb}" | bc -l)"
	[ $n -ne 10000 ] || cp "$tmp/req.jsonl" "$tmp/req10k.jsonl"
done
# reference: the same 10,000 papers held all at once (the batch API's way),
# every answer already in the cache so that nothing is sent
mkdir "$tmp/cache"
axscore --model gpt-4.1 --jobs 16 --cache "$tmp/cache" "$tmp/req10k.jsonl" >/dev/null 2>&1
peak axscore --model gpt-4.1 --jobs 16 --cache "$tmp/cache" --batch-api \
    "$tmp/req10k.jsonl" 2>"$tmp/err" >"$tmp/out.jsonl"
kb=$(cat "$tmp/kb")
[ "$(wc -l <"$tmp/out.jsonl")" -eq 10000 ] || { echo "bench-memory: --batch-api: $(wc -l <"$tmp/out.jsonl") out" >&2; exit 1; }
printf ' 10000 papers held at once (--batch-api, all cached): peak RSS %.1f MB; reading ahead saves %.1fx\n' \
    "$(echo "$kb / 1024" | bc -l)" "$(echo "$kb / $kb10000" | bc -l)"
