#!/bin/sh
# A real day at real size: the 2,265-paper OAI-PMH harvest of 2023-03-07
# (tests/data, three pages) through each stage and the whole pipeline, and ten
# copies of it (22,650 papers, distinct ids); axscore's LLM path against
# tests/llmserver.py --fast at --batch 1, 2, 4 and 8 and --jobs 1 and 16.  Each
# run: every paper back exactly once, in input order, exit 0.  Growth bugs (a
# pointer into an array that grows, a list walked per item) show only here.
#
# Under the sanitizers (AX_SAN) the ten copies go through every stage but the
# LLM runs take the one copy only: 84,940 requests more under ASan would take
# CI's 2 cores past its time.  The plain pass runs them all.
. "$(dirname "$0")/lib.sh"

pages="$data/oai-oai_dc-ListRecords-2023-03-07-page1.xml $data/oai-oai_dc-ListRecords-2023-03-07-page2.xml $data/oai-oai_dc-ListRecords-2023-03-07-page3-last.xml"
sys=$top/examples/ml.system.md
user=$top/examples/ml.user.md

# same_ids A B: the ids of B are those of A, in the same order, each once
same_ids() {
	jq -r .id "$1" >"$tmp/.ida" && jq -r .id "$2" >"$tmp/.idb" &&
	cmp "$tmp/.ida" "$tmp/.idb" && test "$(sort "$tmp/.idb" | uniq -d | wc -l)" -eq 0
}
# no_errors FILE: no record carries an error
no_errors() {
	test "$(jq -c 'select(.error)' "$1" | wc -l)" -eq 0
}

# -- the day, fetched from the harvest ----------------------------------
check 'axfetch: the harvest is 2,265 distinct papers, exit 0' \
	"axfetch -f $pages >$tmp/p1.jsonl && test \$(wc -l <$tmp/p1.jsonl) -eq 2265 &&
	 test \$(jq -r .id $tmp/p1.jsonl | sort -u | wc -l) -eq 2265"
# ten copies: the first the real ids, each other one an old-style archive's
python3 - "$tmp/p1.jsonl" >"$tmp/p10.jsonl" <<'EOF'
import json, sys
arch = ["hep-th", "hep-ph", "math", "cs", "astro-ph", "cond-mat", "quant-ph", "nucl-th", "physics"]
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for k in range(10):
    for i, r in enumerate(recs):
        if k:
            r = dict(r, id="%s/92%02d%03d" % (arch[k - 1], 1 + i // 999, i % 999 + 1))
        sys.stdout.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
EOF
check 'ten copies: 22,650 papers, 22,650 distinct ids' \
	"test \$(wc -l <$tmp/p10.jsonl) -eq 22650 && test \$(jq -r .id $tmp/p10.jsonl | sort -u | wc -l) -eq 22650"

# -- each stage on both sizes ---------------------------------------------
for n in 1 10; do
	p=$tmp/p$n.jsonl
	np=$(wc -l <"$p")
	check "axfilter --dedupe --stats on $np papers: all kept, in order" \
		"axfilter --dedupe --stats $tmp/f$n.stats $p >$tmp/f$n.jsonl && same_ids $p $tmp/f$n.jsonl &&
		 jq -e '.in == $np and .out == $np' $tmp/f$n.stats >/dev/null"
	check "axfilter --seen on $np papers: all new the first time, none the second" \
		"axfilter --seen $tmp/seen$n $p >$tmp/s$n.jsonl && same_ids $p $tmp/s$n.jsonl &&
		 axfilter --seen $tmp/seen$n $p >$tmp/s$n.again && ! test -s $tmp/s$n.again"
	for b in 1 2 4 8; do
		check "axprompt --batch $b on $np papers: each paper in one request, in order" \
			"axprompt --batch $b --system $sys --user $user $p >$tmp/r$n-$b.jsonl &&
			 test \$(wc -l <$tmp/r$n-$b.jsonl) -eq $(( (np + b - 1) / b )) &&
			 jq -c '.papers[]' $tmp/r$n-$b.jsonl >$tmp/rp.jsonl && same_ids $p $tmp/rp.jsonl"
	done
	check "axscore --provider local on $np papers: every paper scored once, in order" \
		"axscore --provider local --topics $user $tmp/r$n-8.jsonl >$tmp/l$n.jsonl &&
		 same_ids $p $tmp/l$n.jsonl && no_errors $tmp/l$n.jsonl"
	check "axfilter --sort --top 25 on $np scored papers" \
		"axfilter --sort --top 25 $tmp/l$n.jsonl >$tmp/t$n.jsonl && test \$(wc -l <$tmp/t$n.jsonl) -eq 25"
	check "axrender md, html and json on $np scored papers" \
		"axrender -f md $tmp/l$n.jsonl >$tmp/d$n.md && axrender -f html $tmp/l$n.jsonl >$tmp/d$n.html &&
		 axrender -f json $tmp/l$n.jsonl >$tmp/d$n.json && test -s $tmp/d$n.md && test -s $tmp/d$n.html &&
		 grep -c '2303\\.' $tmp/d$n.md >/dev/null"
done

# -- the LLM path ---------------------------------------------------------
server llmserver --fast --lifetime 900
llm="OPENAI_BASE_URL=http://127.0.0.1:$port/v1 OPENAI_API_KEY=x"

# llm N BATCH JOBS: the requests of N copies at BATCH through axscore --jobs JOBS
llm() {
	check "axscore LLM path: $(( $1 * 2265 )) papers at --batch $2 --jobs $3 ($(wc -l <$tmp/r$1-$2.jsonl) requests): each once, in order, exit 0" \
		"env $llm axscore --model gpt-4.1 --jobs $3 --usage $tmp/u$1-$2-$3 $tmp/r$1-$2.jsonl >$tmp/o.jsonl &&
		 same_ids $tmp/p$1.jsonl $tmp/o.jsonl && no_errors $tmp/o.jsonl &&
		 test \$(wc -l <$tmp/u$1-$2-$3) -eq $(wc -l <$tmp/r$1-$2.jsonl) &&
		 test \$(jq -s 'map(.papers) | add' $tmp/u$1-$2-$3) -eq $(( $1 * 2265 ))"
}
for b in 1 2 4 8; do
	for j in 1 16; do
		llm 1 $b $j
	done
done
if [ -z "${AX_SAN:-}" ]; then
	for b in 1 2 4 8; do
		for j in 1 16; do
			llm 10 $b $j
		done
	done
fi

# the whole pipeline on both sizes
for n in 1 10; do
	p=$tmp/p$n.jsonl
	np=$(wc -l <"$p")
	check "the pipeline on $np papers: fetch or read, filter, prompt, score, select, render, cost" \
		"axfilter --dedupe $p >$tmp/w1 && axprompt --batch 8 --system $sys --user $user $tmp/w1 >$tmp/w2 &&
		 env $llm axscore --model gpt-4.1 --jobs 16 --usage $tmp/w.usage $tmp/w2 >$tmp/w3 &&
		 same_ids $p $tmp/w3 &&
		 axfilter --drop-errors --sort --min-relevance 7 --top 25 --stats $tmp/w.stats $tmp/w3 >$tmp/w4 &&
		 test \$(wc -l <$tmp/w4) -eq 25 &&
		 axrender -f md --stats $tmp/w.stats $tmp/w4 >$tmp/w.md && test -s $tmp/w.md &&
		 axcost --prices $top/examples/prices.txt $tmp/w.usage >$tmp/w.cost && test -s $tmp/w.cost"
done

# -- faults at size ---------------------------------------------------------
# every request refused its first time (429, Retry-After 150 ms): retries wait
# while later requests finish, the output still in input order
check 'every request answered 429 first: 2,265 papers at --batch 8 --jobs 16, each once, in order' \
	"env $llm axscore --model 'gpt-4.1-fault=429' --jobs 16 --retries 4 $tmp/r1-8.jsonl >$tmp/q.jsonl 2>$tmp/q.err &&
	 same_ids $tmp/p1.jsonl $tmp/q.jsonl && no_errors $tmp/q.jsonl && grep -q 'HTTP 429' $tmp/q.err"
# the crash past 64 requests (the case axscore-over-64-requests, tests/data/SOURCES.md): a closed port
for n in 64 65; do
	head -$n "$data/handmade-axscore-over-64-requests.jsonl" >"$tmp/c$n.jsonl"
	check_fail "$n tiny requests, nothing listening: exit 1" 1 \
		"OPENAI_API_KEY=x OPENAI_BASE_URL=http://127.0.0.1:9/v1 axscore --retries 0 $tmp/c$n.jsonl >$tmp/c$n.out"
	check "$n tiny requests, nothing listening: every paper out once with an error, in order" \
		"jq -c '.papers[]' $tmp/c$n.jsonl >$tmp/c$n.p && same_ids $tmp/c$n.p $tmp/c$n.out &&
		 test \$(jq -c 'select(.error | test(\"connect\"))' $tmp/c$n.out | wc -l) -eq $n"
done
# its relatives: 2,265 one-paper requests refused at --jobs 16, and every
# request of the day failing with a 503 from a server
jq -c '.papers[]' "$tmp/r1-1.jsonl" >"$tmp/r1.p"
check_fail 'the day at --batch 1 --jobs 16, nothing listening: exit 1, not a signal' 1 \
	"OPENAI_API_KEY=x OPENAI_BASE_URL=http://127.0.0.1:9/v1 axscore --retries 0 --jobs 16 $tmp/r1-1.jsonl >$tmp/n.out 2>/dev/null"
check 'the day at --batch 1 --jobs 16, nothing listening: 2,265 papers, each with an error, in order' \
	"same_ids $tmp/r1.p $tmp/n.out && test \$(jq -c 'select(.error)' $tmp/n.out | wc -l) -eq 2265"
check_fail 'every request a 503: exit 1' 1 \
	"env $llm axscore --model 'gpt-4.1-fault=503' --retries 0 --jobs 16 $tmp/r1-4.jsonl >$tmp/e.out 2>/dev/null"
check 'every request a 503: every paper once with "HTTP 503", in order' \
	"same_ids $tmp/p1.jsonl $tmp/e.out && test \$(jq -c 'select(.error | test(\"HTTP 503\"))' $tmp/e.out | wc -l) -eq 2265"

done_testing
