#!/bin/sh
# The local relevance model (tools/axscore/rank.c) and axscore --provider local
# (tools/axscore/local.c) on 63 real scored astro-ph days and hand-made input.
. "$(dirname "$0")/lib.sh"

# The entry points axscore.c calls, behind a small driver, and the evaluation
# program, both built against the libax.a of the build under test.
san=
[ -n "${AX_SAN:-}" ] && san="-fsanitize=address,undefined -fno-omit-frame-pointer"
cflags="-std=c11 -D_XOPEN_SOURCE=700 -O1 -g -I$top/lib -I$top/tools/axscore $(pkg-config --cflags json-c) $san"
libs="$AXBIN/../obj/libax.a $(pkg-config --libs json-c) -lstemmer -lm"
if ! ${CC:-cc} $cflags -o "$tmp/rank-driver" "$top/tests/rank-driver.c" "$top/tools/axscore/local.c" "$top/tools/axscore/rank.c" $libs ||
   ! ${CC:-cc} $cflags -o "$tmp/rank-eval" "$top/tests/rank-eval.c" "$top/tools/axscore/rank.c" $libs; then
	echo "Bail out! cannot build the rank test programs"
	exit 1
fi
PATH=$tmp:$PATH

# the 63 scored days as paper records, one file a day, and the deployment's topics
sh "$top/tests/scored-days.sh" "$data" "$tmp"
ls "$tmp"/days/*.jsonl | head -31 | xargs cat >"$tmp/history.jsonl"
last=$(ls "$tmp"/days/*.jsonl | tail -1)
jq -c 'del(.relevance, .novelty, .score, .reason)' "$last" >"$tmp/day.jsonl"
n=$(wc -l <"$tmp/day.jsonl")

check 'learned model: recall of relevance >= 8 at 30 % kept stays >= 92 %' \
	'rank-eval -F 0.92 -t $tmp/topics.txt $tmp/days/*.jsonl >&2'
check 'BM25 with feedback: recall at 30 % kept stays >= 85 %, at 40 % 2 points above none (94.4, 91.6)' \
	'rank-eval -M bm25 -F 0.85 -t $tmp/topics.txt $tmp/days/*.jsonl >&2 &&
	 a=$(rank-eval -q -M bm25 -L x -t $tmp/topics.txt $tmp/days/*.jsonl | awk "{ print \$11 }") &&
	 b=$(rank-eval -q -M bm25 -L x -E 0 -t $tmp/topics.txt $tmp/days/*.jsonl | awk "{ print \$11 }") &&
	 awk -v a="$a" -v b="$b" "BEGIN { exit !(a >= 94 && a >= b + 2) }"'

check 'train writes a versioned model file' \
	'rank-driver train $tmp/m $tmp/history.jsonl && head -1 $tmp/m | grep -qx "ax-model 2"'
check 'training is deterministic' \
	'rank-driver train $tmp/m2 $tmp/history.jsonl && cmp $tmp/m $tmp/m2'
check 'one scored paper per input paper, in input order' \
	'rank-driver score -m $tmp/m $tmp/day.jsonl >$tmp/out && jq -r .id $tmp/day.jsonl >$tmp/ids &&
	 jq -r .id $tmp/out | cmp - $tmp/ids'
check 'scored papers: relevance 1-10, score, reason, model; no novelty' \
	'jq -e -s "length == $n and all(.[]; (.relevance | type == \"number\") and .relevance >= 1 and
	    .relevance <= 10 and (.score | type == \"number\") and (.reason | startswith(\"Local model: \")) and
	    .model == \"local:$tmp/m\" and (has(\"novelty\") | not))" $tmp/out'
check 'the reason names matched terms' 'grep -q "\"reason\":\"Local model: matched [a-z]" $tmp/out'
check 'scoring is deterministic' 'rank-driver score -m $tmp/m $tmp/day.jsonl | cmp - $tmp/out'

# request records, and a followed author's paper that must pass through unchanged
{
	jq -s -c '{batch: 1, papers: .[0:4], messages: [{role: "user", content: "x"}]}' "$tmp/day.jsonl"
	echo '{"batch":2,"papers":[{"id":"2510.00001","title":"T","score":20,"reason":"Author match"}]}'
	head -2 "$tmp/day.jsonl"
} >"$tmp/req.jsonl"
check 'request records and paper records: every paper out, in order' \
	'rank-driver score -m $tmp/m $tmp/req.jsonl >$tmp/out2 && test $(wc -l <$tmp/out2) -eq 7 &&
	 test "$(sed -n 5p $tmp/out2)" = "{\"id\":\"2510.00001\",\"title\":\"T\",\"score\":20,\"reason\":\"Author match\"}"'
check 'cold start: BM25 against the topics' \
	'rank-driver score -t $tmp/topics.txt $tmp/day.jsonl >$tmp/out3 &&
	 jq -e -s "length == $n and all(.[]; .model == \"local:bm25\" and .relevance >= 1)" $tmp/out3'
check 'a model file wins over the topics' \
	'rank-driver score -t $tmp/topics.txt -m $tmp/m $tmp/day.jsonl | cmp - $tmp/out'
check 'prefilter: --key sets only the estimate' \
	'rank-driver score -m $tmp/m -k local_score $tmp/req.jsonl |
	 jq -e -s "length == 7 and all(.[]; (.local_score | type == \"number\") and (has(\"relevance\") | not)) and
	    .[4].local_score == 20 and .[4].score == 20 and ([.[] | select(has(\"score\"))] | length) == 1"'

# ax-model(5)'s reading of a topics file, on hand-made topics and papers
rank-driver score -t "$data/handmade-topics-ml.md" "$data/handmade-topics-papers.jsonl" >$tmp/hm.jsonl
hm() { jq -r --arg id "$1" "select(.id == \$id) | .$2" $tmp/hm.jsonl; }
check 'against: a topic paper that names an Application area scores below its twin' \
	'test "$(hm 9901.00002 score | cut -d. -f1)" -lt "$(hm 9901.00001 score | cut -d. -f1)" &&
	 hm 9901.00002 reason | grep -q "; against speech recognition$"'
check 'against: the lines of a label standing alone ("Not interested in:")' \
	'hm 9901.00006 reason | grep -q "against video understanding$" &&
	 test "$(hm 9901.00006 relevance)" -eq 1 && hm 9901.00008 reason | grep -q "; against knowledge graphs$"'
check 'against: a sentence that starts with "Avoid"' 'hm 9901.00007 reason | grep -q "against genome assembly"'
check 'rubric words count for nothing (score, relevance, novelty, relevant, irrelevant)' \
	'test "$(hm 9901.00003 reason)" = "Local model: no topic terms matched" && test "$(hm 9901.00003 relevance)" -eq 1'
check 'the Instructions and Scoring Criteria sections count for nothing' \
	'test "$(hm 9901.00004 reason)" = "Local model: no topic terms matched" &&
	 ! hm 9901.00007 reason | grep -q "ontolog"'
check 'matched terms are the words the paper used, not stems' \
	'test "$(hm 9901.00005 reason)" = "Local model: matched quantized" &&
	 hm 9901.00001 reason | grep -q "matched sparse transformers, quantize, pruning"'

# the best-matching topic section (ax-model(5), Topic), named as axrender --topics names it
ts=$data/handmade-topics-sections.md
rank-driver score -t "$ts" "$data/handmade-topics-sections-papers.jsonl" >$tmp/ts.jsonl
ts() { jq -r --arg id "$1" "select(.id == \$id) | .topic // \"none\"" $tmp/ts.jsonl; }
check 'topic: a paper about each numbered topic gets that topic'"'"'s name' \
	'test "$(ts 9902.00001)" = "Dark Matter Halos" && test "$(ts 9902.00002)" = "Exoplanet Atmospheres" &&
	 test "$(ts 9902.00003)" = "Stellar Models"'
check 'topic: none for a stray word (relevance 1), a keyword in no section, a followed author' \
	'test "$(ts 9902.00004)" = none && jq -e -s "map(select(.id == \"9902.00004\"))[0].reason == \"Local model: matched model\"" $tmp/ts.jsonl &&
	 test "$(ts 9902.00005)" = none && test "$(ts 9902.00006)" = none'
check 'topic: a plain topics file, one a line: each line is a topic' \
	'printf "%s\n" "# my topics" "Hot Jupiter atmospheres" "" "Dark matter subhalos" >$tmp/plain.txt &&
	 rank-driver score -t $tmp/plain.txt "$data/handmade-topics-sections-papers.jsonl" |
	 jq -e -s ".[0].topic == \"Dark matter subhalos\" and .[1].topic == \"Hot Jupiter atmospheres\" and (.[2] | has(\"topic\") | not)"'
check 'topic: none from the learned model, none in a prefilter' \
	'! grep -q "\"topic\"" $tmp/out &&
	 rank-driver score -t "$ts" -k est "$data/handmade-topics-sections-papers.jsonl" >$tmp/ts-key.jsonl &&
	 test $(wc -l <$tmp/ts-key.jsonl) -eq 6 && ! grep -q "\"topic\"" $tmp/ts-key.jsonl'
# the real days: the LLM's comment on a paper it rated 8 or more names the topic picked
cat $tmp/days/*.jsonl | jq -c '{id, title, abstract, llm: .relevance, c: .reason}' >$tmp/alldays.jsonl
cat >$tmp/agree.jq <<'EOF'
{"Near-Field Cosmology": "near-field", "Resolved Star Formation Histories": "star formation histor|sfh",
 "Star Formation Quenching": "quench", "Stellar Models": "stellar model|stellar evolution|atmosphere model|bolometric",
 "Numerical Galaxy Simulations": "simulation", "Star Formation Driven Outflows": "outflow",
 "Circumgalactic Medium": "circumgalactic|cgm"} as $p |
[.[] | select(.llm >= 8)] | length as $n |
(map(select(.topic as $t | $t != null and (.c | ascii_downcase | test($p[$t])))) | length) as $a |
$n > 400 and (map(select(.topic != null)) | length) >= 0.99 * $n and $a >= 0.70 * $n
EOF
check 'topic: on 63 real days the LLM names the picked topic for >= 70 % of its 8+ papers (303 of 417; one topic for all: 248), and >= 99 % have one' \
	'rank-driver score -t $tmp/topics.txt $tmp/alldays.jsonl | jq -e -s -f $tmp/agree.jq >/dev/null'
# the day's papers under the headings of their topics: each paper under its section's h2
check 'topic: axrender --group-by topic lists each paper under its topic, in the file order' \
	'axrender -f html --group-by topic --topics "$ts" --date 2025-08-01 $tmp/ts.jsonl >$tmp/ts.html &&
	 sed -n "s/^<h2 id=\"topic[0-9]*\">\([^<]*\) <span.*/=\1/p; s/^<h3>[0-9]*\. <a href=\"https:\/\/arxiv.org\/abs\/\([^\"]*\)\".*/\1/p" $tmp/ts.html |
	 tr "\n" "|" >$tmp/ts.order &&
	 test "$(cat $tmp/ts.order)" = "=Dark Matter Halos|9902.00001|=Exoplanet Atmospheres|9902.00002|=Stellar Models|9902.00003|=Other papers|9902.00006|9902.00004|9902.00005|"'

check_fail 'neither topics nor model is a usage error' 2 'rank-driver score <$tmp/day.jsonl'
check_fail 'a file that is no model is refused' 2 \
	'rank-driver score -m $tmp/topics.txt $tmp/day.jsonl 2>$tmp/err1'
check 'the refusal names the file and line' 'grep -q "^axscore: $tmp/topics.txt:1: not an ax model file$" $tmp/err1'
check_fail 'a malformed line: reported, the rest scored, exit 1' 1 \
	'{ echo "{bad"; cat $tmp/day.jsonl; } | rank-driver score -m $tmp/m >$tmp/out4 2>$tmp/err2'
check 'the malformed line is named' 'grep -q "^axscore: stdin:1: invalid JSON" $tmp/err2 && test $(wc -l <$tmp/out4) -eq $n'
check 'training ignores records without relevance, and says how many' \
	'{ echo "{\"id\":\"x\",\"title\":\"T\",\"score\":20}"; cat $tmp/history.jsonl; } |
	 rank-driver train $tmp/m3 2>$tmp/err3 && grep -q "records without relevance ignored: 1" $tmp/err3 &&
	 cmp $tmp/m $tmp/m3'
check_fail 'training on no scored papers fails' 1 'rank-driver train $tmp/m5 </dev/null'
check 'and leaves no model behind' 'test ! -e $tmp/m5 && test ! -e $tmp/m5.tmp'

done_testing
