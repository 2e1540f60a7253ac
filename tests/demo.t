#!/bin/sh
# make demo (pipelines/demo): the ML reader's day, read and ranked offline by
# the local model; its picks checked against hand-judged papers of the areas
# examples/ml.user.md excludes (tests/data/handmade-demo-excluded.txt).
. "$(dirname "$0")/lib.sh"

sh "$top/pipelines/demo" "$tmp/demo" >"$tmp/demo.out" 2>&1
run=$tmp/demo/2023-03-07
grep -v '^#' "$data/handmade-demo-excluded.txt" | cut -d' ' -f1 >"$tmp/excluded"
# the picks in digest order, the followed authors' (scored 20, no model) left out
jq -r 'select(.model) | .id' "$run/selected.jsonl" >"$tmp/picks"
head -10 "$tmp/picks" >"$tmp/top10"

check 'the demo runs and names its digest' 'grep -q "^demo: the digest is $tmp/demo/2023-03-07/digest.md" $tmp/demo.out'
check 'a day of the reader: the new papers of cs and stat, no replacements' \
	'jq -e -s "length > 300 and length < 1000 and all(.[]; .announce == \"new\" and
	    (.categories | index(\"cs\") or index(\"stat\")) and .published >= \"2023-03-02\")" $run/scanned.jsonl &&
	 test "$(jq -s length $run/fetched.jsonl)" -eq 2265'
check 'a replacement of the harvest stays out (0806.4410, v1 2008)' \
	'grep -q "\"0806.4410\"" $run/fetched.jsonl && ! grep -q "\"0806.4410\"" $run/scanned.jsonl'
check 'thirty picks, each scored by the local model against the topics' \
	'test $(wc -l <$run/selected.jsonl) -eq 30 && jq -e -s "all(.[]; .model == \"local:bm25\" or .reason == \"Author match\")" $run/selected.jsonl'
check 'the top 10 picks hold no paper of an excluded area' \
	'! grep -qFxf $tmp/excluded $tmp/top10'
check 'the 30 picks hold at most 3 (now 3: 2303.03381 humanoid locomotion RL, 2303.02310 retinopathy, 2303.02284 keyword spotting)' \
	'test $(grep -cFxf $tmp/excluded $tmp/picks) -le 3'
check 'papers the profile asks for are picked: Angel-PTM, MetaGrad, rotation-invariant quantization' \
	'grep -qx 2303.02868 $tmp/picks && grep -qx 2303.02347 $tmp/picks && grep -qx 2303.03106 $tmp/picks'
check 'the comment names the matched topic terms as the paper wrote them' \
	'grep -q "^\*\*Comment:\*\* Local model: matched model compression, quantization, pruned" $run/digest.md'
check 'a local-model paper shows its local score where Relevance would be' \
	'n=$(jq -s "[.[] | select(.model == \"local:bm25\")] | length" $run/selected.jsonl) && test "$n" -gt 20 &&
	 test $(grep -c "^\*\*Local score:\*\* [0-9]*\.[0-9][0-9]$" $run/digest.md) -eq "$n" && ! grep -q "^\*\*Relevance:" $run/digest.md'
check 'no blank lines where a score would be: one blank line before each rule' \
	'awk "/^\*\*Local score:/ { getline a; getline b; if (a != \"\" || b != \"---\") exit 1 }" $run/digest.md'
check 'the HTML digest shows the local score too' 'grep -q "<strong>Local score:</strong> 9" $run/digest.html'

done_testing
