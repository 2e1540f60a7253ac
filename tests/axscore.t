#!/bin/sh
# axscore against tests/llmserver.py, which answers from a real day of GPT-4.1
# scores: every way an API fails, and still every paper back once with exactly
# the scores and comment the server gave, in input order.
. "$(dirname "$0")/lib.sh"

expect_model=gpt-4.1
. "$top/tests/score-day.sh"
view='{id, relevance, novelty, score, reason, model}'

# score NAME [axscore options]: day.jsonl through axscore to the server on $port
score() {
	_sn=$1
	shift
	OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --model gpt-4.1 "$@" \
		"$tmp/day.jsonl" >"$tmp/$_sn.out" 2>"$tmp/$_sn.err"
	echo $? >"$tmp/$_sn.st"
}

check 'the day has 61 papers in 8 requests' "test $(wc -l <"$tmp/expect") -eq 61 && test $nreq -eq 8"

server llmserver --log "$tmp/plain.log"
score plain --usage "$tmp/plain.usage"
check_out 'a clean run: every paper once with the server'"'"'s scores, in order' "$tmp/expect" \
	"jq -c '$view' '$tmp/plain.out'"
check 'a clean run exits 0, quietly' "test \$(cat '$tmp/plain.st') -eq 0 && ! test -s '$tmp/plain.err'"
check 'one request per batch' "test \$(wc -l <'$tmp/plain.log') -eq $nreq"
check 'paper records pass through whole' \
	"jq -e -s 'length > 0 and (map(.title and .authors and .abstract) | all)' '$tmp/plain.out'"
check 'one usage record per attempt, DESIGN.md keys' \
	"test \$(wc -l <'$tmp/plain.usage') -eq $nreq && jq -e -s 'length > 0 and (map(has(\"batch\",\"attempt\",\"model\",\"status\",\"prompt_tokens\",\"cached_tokens\",\"completion_tokens\",\"reasoning_tokens\",\"ms\")) | all)' '$tmp/plain.usage'"

for f in 429 500 503 slow drop dropid extra prose fences commas truncated strings score11 version array; do
	server llmserver --fault $f --faults 3 --slow 3 --log "$tmp/$f.log"
	score $f --timeout 1 --retries 3 --jobs 4 --usage "$tmp/$f.usage"
	check_out "fault $f: every paper once with exactly the server's scores" "$tmp/expect" \
		"jq -c '$view' '$tmp/$f.out'"
	check "fault $f: exit 0" "test \$(cat '$tmp/$f.st') -eq 0"
done
check '429: the wait is the retry-after-ms of the answer' "grep -q 'HTTP 429: Rate limit.*retrying in 0.15s' '$tmp/429.err'"
check '429: each failed attempt has a usage record' \
	"test \$(jq -s 'map(select(.status == 429)) | length' '$tmp/429.usage') -eq 3 && test \$(wc -l <'$tmp/429.usage') -eq $((nreq + 3))"
check 'slow: a timeout is retried' "grep -Eq 'timed out after [0-9]+ milliseconds.*, retrying' '$tmp/slow.err'"
check 'drop: a connection dropped mid-body is retried' "grep -q 'retrying' '$tmp/drop.err'"
check 'dropid: the missing paper is asked again alone' \
	"test \$(jq -s 'map(select(.ids | length == 1)) | length' '$tmp/dropid.log') -eq 3"
check 'dropid: the re-ask keeps the prompt around the papers' \
	"jq -e -s '(map(.user_head) | unique | length == 1) and (map(.user_tail) | unique | length == 1)' '$tmp/dropid.log'"
check 'extra: an id outside the batch is ignored with a warning' \
	"grep -q 'not in this batch, ignored' '$tmp/extra.err' && ! grep -q injected '$tmp/extra.out'"
check 'score11: a score out of range is refused and asked again' \
	"grep -q 'relevance 11 is not an integer from 1 to 10' '$tmp/score11.err'"
check 'prose: the whole batch is asked again' "grep -q '8 of 8 papers not scored, asking again' '$tmp/prose.err'"

# a fault chosen by the model name, the first time each batch is seen
server llmserver --log "$tmp/mf.log"
score mf --model 'gpt-4.1 fault=500'
check 'fault by model name: every paper scored after one 500 per batch' \
	"jq -e -s 'length == 61 and (map(.relevance) | all)' '$tmp/mf.out' && test \$(jq -s 'map(select(.status == 500)) | length' '$tmp/mf.log') -eq $nreq"

# faults on every request: papers come back with error, never lost
server llmserver --fault prose --faults 0 --log "$tmp/allprose.log"
score allprose --retries 2
check 'an answer that never scores: every paper emitted once with error' \
	"test \$(jq -s 'map(select(.error and (has(\"relevance\") | not))) | length' '$tmp/allprose.out') -eq 61"
check 'the error says why and after how many rounds' "jq -e -s 'length > 0 and (map(.error | test(\"^the model answered prose, not JSON lines: .* [(]after 3 rounds[)]$\")) | all)' '$tmp/allprose.out'"
check 'unscored papers make the exit status 1' "test \$(cat '$tmp/allprose.st') -eq 1"
check 'failed papers keep input order' \
	"jq -r .id '$tmp/allprose.out' >'$tmp/ap.ids' && jq -r .id '$tmp/expect' | cmp -s - '$tmp/ap.ids'"
server llmserver --fault 503 --faults 0 --log "$tmp/all503.log"
score all503 --retries 1
check 'a server that stays down: error names the status' \
	"jq -e -s 'length == 61 and (map(.error | startswith(\"HTTP 503\")) | all)' '$tmp/all503.out'"
check 'retries are counted: 2 attempts per batch' "test \$(wc -l <'$tmp/all503.log') -eq $((2 * nreq))"

# keys: from a private file or the environment, never printed, a bad one stops the run
secret=sk-test-SECRET-4f9c2a
printf '%s\n' "$secret" >"$tmp/key"
chmod 600 "$tmp/key"
server llmserver --key "$secret" --log "$tmp/key.log"
score key --key-file "$tmp/key" --usage "$tmp/key.usage" --record "$tmp/key.rec" --cache "$tmp/key.cache"
check_out 'a key file is used' "$tmp/expect" "jq -c '$view' '$tmp/key.out'"
check 'the key is in no output, message, usage, record or cache file' \
	"for f in out err usage rec cache; do test -e $tmp/key.\$f; done &&
	 test -s $tmp/key.out && ! grep -r -q -- '$secret' '$tmp/key.out' '$tmp/key.err' '$tmp/key.usage' '$tmp/key.rec' '$tmp/key.cache'"
check 'usage, record and cache files are private' \
	"test \$(stat -c %a '$tmp/key.usage') = 600 && test \$(stat -c %a '$tmp/key.rec') = 600 && test \$(stat -c %a '$tmp/key.cache') = 700 && test -z \"\$(find '$tmp/key.cache' -type f ! -perm 600)\""
chmod 644 "$tmp/key"
check_fail 'a key file others can read is refused' 2 \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/key' '$tmp/day.jsonl'"
check_err 'the refusal names the file' 2 "^axscore: $tmp/key: readable by others" \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/key' '$tmp/day.jsonl'"
check 'the refusal does not show the key' \
	"exits 2 env OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/key' '$tmp/day.jsonl' 2>$tmp/refuse.err &&
	 test -s $tmp/refuse.err && ! grep -q -- '$secret' $tmp/refuse.err"
check_fail 'no key for the real service is a usage error' 2 "axscore '$tmp/day.jsonl' </dev/null"
OPENAI_API_KEY=wrong-$secret
export OPENAI_API_KEY
score badkey --jobs 2
unset OPENAI_API_KEY
check '401: every paper emitted once with the error' \
	"jq -e -s 'length == 61 and (map(.error | startswith(\"HTTP 401: Incorrect API key\")) | all)' '$tmp/badkey.out'"
check '401: nothing more is sent after a refused key' "test \$(jq -s 'map(select(.status == 401)) | length' '$tmp/key.log') -le 2"
check '401: exit 1 and the key is not printed' \
	"test \$(cat '$tmp/badkey.st') -eq 1 && test -s '$tmp/badkey.err' && test -e '$tmp/badkey.out' && ! grep -q -- '$secret' '$tmp/badkey.err' '$tmp/badkey.out'"

# cache: a re-run sends nothing; a killed run re-sends only what is missing
server llmserver --log "$tmp/cache.log"
score cache1 --cache "$tmp/cache"
score cache2 --cache "$tmp/cache"
check_out 'a cached re-run gives the same output' "$tmp/expect" "jq -c '$view' '$tmp/cache2.out'"
check 'a cached re-run sends no request' "test \$(wc -l <'$tmp/cache.log') -eq $nreq"

server llmserver --delay 0.6 --log "$tmp/kill1.log"
OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --model gpt-4.1 --jobs 2 --cache "$tmp/kc" \
	"$tmp/day.jsonl" >"$tmp/kill1.out" 2>&1 &
kpid=$!
sleep 1.5
kill -9 $kpid
wait $kpid 2>/dev/null
cached=$(ls "$tmp/kc" | grep -cv tmp)
cat "$tmp"/kc/* | jq -r '.choices[0].message.content' | jq -r .ARXIVID | sort >"$tmp/kc.ids"
check 'the killed run left some answers and not all' "test $cached -gt 0 && test $cached -lt $nreq"
server llmserver --log "$tmp/kill2.log"
score kill2 --jobs 2 --cache "$tmp/kc"
check_out 'the re-run after a kill completes the day' "$tmp/expect" "jq -c '$view' '$tmp/kill2.out'"
check 'the re-run sends only the requests without a cached answer' \
	"test \$(wc -l <'$tmp/kill2.log') -eq $((nreq - cached))"
check 'no paper with a cached answer is asked again' \
	"jq -r '.ids[]' '$tmp/kill2.log' | sort >'$tmp/k2.ids' && test -z \"\$(comm -12 '$tmp/kc.ids' '$tmp/k2.ids')\" && test \$(cat '$tmp/kc.ids' '$tmp/k2.ids' | wc -l) -eq 61"

# record and replay: the same answers offline
port=1
score replay --replay "$tmp/key.rec"
check_out 'a replay gives the recorded answers without a server' "$tmp/expect" \
	"jq -c '$view' '$tmp/replay.out'"

# budget: no request that would pass it is started
server llmserver --log "$tmp/budget.log"
score budget --budget 0.03 --price-in 2 --price-out 8 --jobs 1
check 'budget: the papers left are emitted with error: budget' \
	"jq -e -s 'length == 61 and (map(select(.error == \"budget\")) | length) > 0 and (map(select(.relevance)) | length) > 0' '$tmp/budget.out'"
check 'budget: fewer requests were sent than batches' "test \$(wc -l <'$tmp/budget.log') -lt $nreq"
check 'budget: exit 1' "test \$(cat '$tmp/budget.st') -eq 1"
check 'budget: prices from the prices file' \
	"printf '# model input cached output\ngpt-4.1 2 0.5 8\n' >'$tmp/prices' && AX_PRICES='$tmp/prices' OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --model gpt-4.1 --budget 0 '$tmp/day.jsonl' | jq -e -s 'length == 61 and (map(.error == \"budget\") | all)'"
check_err 'budget: a malformed prices file is a usage error naming its line' 2 'prices:2: expected: model input' \
	"printf '# model input cached output\ngpt-4.1 2 0.5 8 1 4\n' >'$tmp/prices' && AX_PRICES='$tmp/prices' OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --model gpt-4.1 --budget 0 '$tmp/day.jsonl'"

# axscore --budget and axcost bill alike (lib/prices.c): for every line of
# examples/prices.txt, under a dated and provider-prefixed name, the money
# axscore counted (its last progress line) is what axcost makes of its usage
# records, cached tokens and the "-" column included.  Prices times 10^4, so
# that cents tell (axscore prints dollars to the cent).
awk '/^[^#]/ && NF >= 4 { printf "%s", $1; for (i = 2; i <= NF; i++) printf " %s", ($i == "-" ? "-" : $i * 10000); print "" }' \
	"$top/examples/prices.txt" >"$tmp/prices.x"
printf 'local-nocache 3 - 5\n' >>"$tmp/prices.x"
server llmserver --cache-min 100 --log "$tmp/agree.log"
# agree MODEL: axscore's money and axcost's total, in cents, are the same
agree() {
	rm -f "$tmp/agree.usage"
	AX_PRICES=$tmp/prices.x AX_PROGRESS=1 OPENAI_BASE_URL=http://127.0.0.1:$port/v1 \
	    axscore --model "openai/$1-2025-04-14" --budget 1000000000 --usage "$tmp/agree.usage" \
	    "$tmp/day.jsonl" >/dev/null 2>"$tmp/agree.err"
	_a=$(tr '\r' '\n' <"$tmp/agree.err" | sed -n 's/.* tokens, \$\([0-9.]*\),.*/\1/p' | tail -n 1)
	_c=$(axcost --prices "$tmp/prices.x" "$tmp/agree.usage" | jq -r '.total_cost * 100 | round / 100')
	echo "axscore \$$_a, axcost \$$_c"
	# the two round to cents in their own ways: a cent apart at most
	test -n "$_a" && jq -e -n "($_a - $_c) | fabs <= 0.0101" >/dev/null &&
	    jq -e -s 'map(.cached_tokens) | add > 0' "$tmp/agree.usage" >/dev/null
}
for m in $(awk '{ print $1 }' "$tmp/prices.x"); do
	check "budget: axscore and axcost agree on $m" "agree $m"
done
check_fail 'budget: a model without a price is a usage error' 2 \
	"AX_PRICES=/dev/null OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --model nosuch --budget 1 '$tmp/day.jsonl'"

# request options
server llmserver --log "$tmp/opts.log"
jq -c '. + {model: "gpt-5", temperature: 0, max_tokens: 2000}' "$tmp/day.jsonl" | head -1 >"$tmp/gpt5.jsonl"
jq -c '. + {model: "gpt-4.1", temperature: 0}' "$tmp/day.jsonl" | head -1 >"$tmp/gpt41.jsonl"
check 'no temperature is sent to gpt-5; max_tokens as max_completion_tokens' \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/gpt5.jsonl' >/dev/null && tail -1 '$tmp/opts.log' | jq -e '.temperature == false and .max_completion_tokens == 2000 and .model == \"gpt-5\"'"
check 'the temperature is sent to gpt-4.1' \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/gpt41.jsonl' >/dev/null && tail -1 '$tmp/opts.log' | jq -e '.temperature == true'"
check 'the model of the request record scores it' \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/gpt5.jsonl' | jq -e -s 'length > 0 and (map(.model == \"gpt-5\") | all)'"

# author matches: no messages, passed through unchanged at no cost
jq -c '{batch: 0, papers: [.papers[:2][] | . + {score: 20, reason: "Author match"}]}' "$tmp/day.jsonl" | head -1 >"$tmp/author.jsonl"
check_out 'a request without messages passes its papers through unchanged' \
	"$tmp/author.want" \
	"jq -c '.papers[]' '$tmp/author.jsonl' >'$tmp/author.want'; OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/author.jsonl'"
check 'and sends nothing' "! grep -q '\"ids\": \[\]' '$tmp/opts.log' && test \$(wc -l <'$tmp/opts.log') -eq 3"

# the title pass: a JSON list of ids to drop
jq -c '. + {mode: "titles"} | .messages[1].content |= (split("\n") | map(select(startswith("Abstract: ") | not)) | join("\n"))' \
	"$tmp/day.jsonl" >"$tmp/titles.jsonl"
jq -c --slurpfile s "$day" '.papers[] | {id, title_filtered: ($s[0][.id].RELEVANCE <= 4)}' "$tmp/day.jsonl" >"$tmp/titles.want"
server llmserver --fault prose --faults 1 --log "$tmp/titles.log"
check_out 'titles: papers named in the answer are marked title_filtered, all passed' "$tmp/titles.want" \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/titles.jsonl' | jq -c '{id, title_filtered: (.title_filtered // false)}'"
check 'titles: an answer without a list is asked again' "test \$(wc -l <'$tmp/titles.log') -eq $((nreq + 1))"

# usage shapes of the providers, one usage record per attempt
for shape in openai deepseek ollama gemini; do
	server llmserver --usage-shape $shape --cache-min 100 --log "$tmp/$shape.log"
	score $shape --jobs 1 --usage "$tmp/$shape.usage"
	check_out "usage $shape: scores unchanged" "$tmp/expect" "jq -c '$view' '$tmp/$shape.out'"
done
check 'usage openai: cached tokens counted, within the prompt' \
	"jq -e -s 'map(.cached_tokens) | add > 0' '$tmp/openai.usage' && jq -e -s 'length > 0 and (map(.cached_tokens <= .prompt_tokens) | all)' '$tmp/openai.usage'"
check 'usage deepseek: cache hits are cached tokens' \
	"jq -e -s 'map(.cached_tokens) | add > 0' '$tmp/deepseek.usage'"
check 'usage ollama: totals only' \
	"jq -e -s 'length > 0 and (map(.cached_tokens == 0 and .reasoning_tokens == 0 and .prompt_tokens > 0) | all)' '$tmp/ollama.usage'"
check 'usage gemini: thinking outside completion_tokens billed as output' \
	"jq -e -s 'length > 0 and (map(.reasoning_tokens == 40) | all)' '$tmp/gemini.usage' && jq -e -s 'map(.completion_tokens) | add == $(jq -s 'map(.completion_tokens + 40) | add' "$tmp/openai.usage")' '$tmp/gemini.usage'"

# Anthropic Messages
server llmserver --cache-min 100 --log "$tmp/anth.log"
ANTHROPIC_BASE_URL=http://127.0.0.1:$port ANTHROPIC_API_KEY=$secret axscore --provider anthropic \
	--model gpt-4.1 --jobs 1 --usage "$tmp/anth.usage" "$tmp/day.jsonl" >"$tmp/anth.out" 2>"$tmp/anth.err"
check_out 'anthropic: every paper once with the server'"'"'s scores' "$tmp/expect" "jq -c '$view' '$tmp/anth.out'"
check 'anthropic: /v1/messages with cache_control and the key' \
	"jq -e -s 'length > 0 and (map(.path == \"/v1/messages\" and .cache_control and .auth) | all)' '$tmp/anth.log'"
check 'anthropic: cache reads and writes are part of prompt_tokens' \
	"jq -e -s '(map(.cached_tokens) | add > 0) and (.[0].cache_write_tokens > 0) and (map(.prompt_tokens >= .cached_tokens + (.cache_write_tokens // 0)) | all)' '$tmp/anth.usage'"
check 'anthropic: same prompt tokens as the OpenAI protocol' \
	"test \$(jq -s 'map(.prompt_tokens) | add' '$tmp/anth.usage') -eq \$(jq -s 'map(.prompt_tokens) | add' '$tmp/openai.usage')"

server llmserver --fault 429 --faults 2 --log "$tmp/anth429.log"
ANTHROPIC_BASE_URL=http://127.0.0.1:$port ANTHROPIC_API_KEY=$secret axscore --provider anthropic \
	--model gpt-4.1 "$tmp/day.jsonl" >"$tmp/anth429.out" 2>"$tmp/anth429.err"
check_out 'anthropic: rate_limit_error retried, every paper scored' "$tmp/expect" "jq -c '$view' '$tmp/anth429.out'"

# malformed input and the local provider
printf '%s\n' '{"batch": 1}' 'not json' >"$tmp/bad.jsonl"
check_fail 'a malformed request line: exit 1' 1 "OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/bad.jsonl'"
check 'the malformed lines are named with file and line' \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/bad.jsonl' 2>&1 | grep 'bad.jsonl:' >'$tmp/bad.err'; grep -q 'bad.jsonl:1: no papers array' '$tmp/bad.err' && grep -q 'bad.jsonl:2: invalid JSON' '$tmp/bad.err'"
check_fail '--provider local with neither --topics nor --model-file is a usage error' 2 "axscore --provider local </dev/null"
# a topics file or model that is not one: a clear message, not every paper scored 1
printf '## Topics\n\nlarge language models\n' | iconv -f UTF-8 -t UTF-16 >"$tmp/topics16.md"
printf 'mixture of experts\nx\0y\n' >"$tmp/topicsnul.md"
printf '%s\n' '{"id":"1","title":"Large language models","abstract":"x"}' >"$tmp/one.jsonl"
check_err 'a UTF-16 topics file is refused, FILE:LINE' 2 "topics16.md:1: NUL byte: not a text file" \
	"axscore --provider local --topics $tmp/topics16.md $tmp/one.jsonl"
check_err 'a NUL byte on a later line is named by its line' 2 "topicsnul.md:2: NUL byte" \
	"axscore --provider local --topics $tmp/topicsnul.md $tmp/one.jsonl"
mkdir -p "$tmp/adir"
: >"$tmp/empty.model"
check_err 'a folder given as the topics file: Is a directory' 2 "adir: Is a directory" \
	"axscore --provider local --topics $tmp/adir $tmp/one.jsonl"
check_err 'a folder given as the model file: Is a directory' 2 "adir: Is a directory" \
	"axscore --provider local --model-file $tmp/adir $tmp/one.jsonl"
jq -c '{id, title, abstract, relevance: (if (.id | test("[02468]$")) then 8 else 2 end)}' "$data/handmade-topics-papers.jsonl" >"$tmp/tr.jsonl"
check 'a model file with CRLF line ends (copied through Windows) is read as the same model' \
	"axscore --provider local --train $tmp/lf.model $tmp/tr.jsonl 2>/dev/null && sed 's/\$/\r/' $tmp/lf.model >$tmp/crlf.model &&
	 axscore --provider local --model-file $tmp/lf.model $tmp/one.jsonl | jq -c 'del(.model)' >$tmp/lf.out &&
	 axscore --provider local --model-file $tmp/crlf.model $tmp/one.jsonl | jq -c 'del(.model)' >$tmp/crlf.out &&
	 test -s $tmp/lf.out && cmp $tmp/lf.out $tmp/crlf.out"
{ cat "$tmp/tr.jsonl"; jq -c '.relevance = 1e300' "$tmp/tr.jsonl" | head -1; jq -c '.relevance = "8"' "$tmp/tr.jsonl" | head -1
  jq -c '.relevance = -7' "$tmp/tr.jsonl" | head -1; jq -c 'del(.relevance)' "$tmp/tr.jsonl" | head -1; } >"$tmp/trbad.jsonl"
nl=$(wc -l <"$tmp/tr.jsonl")
check 'training: a relevance outside 1 to 10, or a string, is a bad line named FILE:LINE, not a label; exit 1' \
	"! axscore --provider local --train $tmp/bad.model $tmp/trbad.jsonl 2>$tmp/trbad.err &&
	 grep -q 'trbad.jsonl:$((nl + 1)): relevance is not a number from 1 to 10' $tmp/trbad.err &&
	 grep -q 'trbad.jsonl:$((nl + 2)): relevance is not a number from 1 to 10' $tmp/trbad.err &&
	 grep -q 'trbad.jsonl:$((nl + 3)): relevance is not a number from 1 to 10' $tmp/trbad.err &&
	 grep -q 'records without relevance ignored: 1' $tmp/trbad.err && test \$(wc -l <$tmp/trbad.err) -eq 4"
check 'and the model is trained on the good lines alone: the same as without the bad ones' \
	"cmp $tmp/lf.model $tmp/bad.model"
printf '%s\n' '{"id":"1","title":"Mixture of experts for sparse models","abstract":"We prune."}' \
	'{"id":"2","title":"","abstract":"  "}' '{"id":"3"}' >"$tmp/notext.jsonl"
check 'local: a paper with neither title nor abstract is carried with an error, counted, exit 1' \
	"! axscore --provider local --topics $top/examples/ml.user.md $tmp/notext.jsonl >$tmp/notext.out 2>$tmp/notext.err &&
	 jq -e -s 'length == 3 and (.[0] | has(\"relevance\") and (has(\"error\") | not)) and
	    (.[1:] | all(.error == \"no title or abstract to score\" and (has(\"relevance\") | not)))' $tmp/notext.out &&
	 grep -q '2 papers with neither title nor abstract: not scored' $tmp/notext.err"
check 'the same with the learned model' \
	"! axscore --provider local --model-file $tmp/lf.model $tmp/notext.jsonl >$tmp/notext2.out 2>/dev/null &&
	 jq -e -s 'map(.error) == [null, \"no title or abstract to score\", \"no title or abstract to score\"]' $tmp/notext2.out"
check_err '--topics - with the papers on standard input too is a usage error' 2 \
	"standard input holds the papers" "axscore --provider local --topics - <$tmp/one.jsonl"
check 'and --topics - with the papers in a file reads both' \
	"printf 'large language models\\n' | axscore --provider local --topics - $tmp/one.jsonl | jq -e '.relevance >= 1' >/dev/null"
check_err 'an empty model file says so' 2 "empty.model: empty file, not a model" \
	"axscore --provider local --model-file $tmp/empty.model $tmp/one.jsonl"
check_fail 'a bad --jobs is a usage error' 2 "axscore --jobs 0 </dev/null"
# getopt_long would take --key for --key-file: the key must not come back in a message
check_fail 'an abbreviated --key is refused (exit 2)' 2 'axscore --key sk-test-ARGV-77 </dev/null'
check 'and the key it was given is not echoed' \
	'axscore --key sk-test-ARGV-77 </dev/null 2>&1 | grep -q "spelt out" &&
	 ! axscore --key=sk-test-ARGV-77 </dev/null 2>&1 | grep -q ARGV-77'
# a request without messages is for papers already scored (followed authors)
printf '%s\n' '{"batch":1,"papers":[{"id":"1","score":20,"reason":"Author match"},{"id":"2"},"junk"]}' >"$tmp/pass.jsonl"
check_fail 'a paper without a score in a request without messages: exit 1' 1 \
	"OPENAI_API_KEY=sk-unused axscore '$tmp/pass.jsonl'"
check 'it is carried with an error, the scored one passes, junk becomes an error record' \
	"OPENAI_API_KEY=sk-unused axscore '$tmp/pass.jsonl' 2>/dev/null | jq -e -s 'length == 3 and .[0].score == 20 and (.[0] | has(\"error\") | not) and (.[1].error | test(\"not scored\")) and .[2].error == \"not a paper record\"'"

# the TOPIC a prompt variant asks for (examples/astro.topic.user.md) is kept as "topic"
head -n 1 "$tmp/day.jsonl" >"$tmp/topic.jsonl"
jq -r '.papers | to_entries[] | {ARXIVID: .value.id, COMMENT: "c", RELEVANCE: 5, NOVELTY: 4} +
	(if .key == 0 then {TOPIC: "Exoplanets"} elif .key == 1 then {topic: "Dark matter"}
	 elif .key == 2 then {TOPIC: 7} else {} end) | tojson' "$tmp/topic.jsonl" >"$tmp/topic.txt"
server llmserver --content "$tmp/topic.txt" --log "$tmp/topic.log"
OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --model gpt-4.1 "$tmp/topic.jsonl" \
	>"$tmp/topic.out" 2>"$tmp/topic.err"
check 'TOPIC in an answer: the scored record carries it as "topic", any case of the key' \
	"jq -e -s 'length == 8 and .[0].topic == \"Exoplanets\" and .[1].topic == \"Dark matter\" and (map(.score == 9) | all)' '$tmp/topic.out'"
check 'a TOPIC that is not a string, or none: no topic key, the paper still scored, a note' \
	"jq -e -s '(.[2:] | map(has(\"topic\") | not) | all) and .[2].score == 9' '$tmp/topic.out' &&
	 grep -q 'topic 7 is not a string, ignored' '$tmp/topic.err'"

# output lost: no more paid requests once stdout fails
server llmserver --delay 0.2 --log "$tmp/full.log"
check 'stdout on /dev/full: exit 1 with a message, and the requests stop' \
	"! OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --model gpt-4.1 --jobs 1 \"$tmp/day.jsonl\" >/dev/full 2>\"$tmp/full.err\" &&
	 grep -q '^axscore: stdout: write error: No space left on device' \"$tmp/full.err\" &&
	 test \$(wc -l <\"$tmp/full.log\") -lt $nreq"
# -- a paper left unscored says why, in the answer's terms ---------------------
# an answer cut at the token limit, or prose instead of JSON lines, for every
# request and every asking again (found by trying ax as a new user)
jq -c --rawfile sys "$data/score-system.md" --rawfile user "$data/score-user.md" \
	--argjson n 8 -f "$top/tests/score-requests.jq" "$data/scored-2025-08-01.json" >"$tmp/uc-day.jsonl"
for f in truncated prose; do
	server llmserver --fault $f --faults 0
	check "$f: every paper back once, exit 1" \
		"exits 1 env OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --retries 1 --model gpt-4.1 \
		    $tmp/uc-day.jsonl >$tmp/uc-$f.out 2>$tmp/uc-$f.err &&
		 test \$(wc -l <$tmp/uc-$f.out) -eq 61 && test \$(jq -r .id $tmp/uc-$f.out | sort -u | wc -l) -eq 61"
done
check 'an answer cut at the token limit: every unscored paper says so' \
	"jq -e 'select(.error) | .error | test(\"token limit\")' $tmp/uc-truncated.out >/dev/null &&
	 ! jq -e 'select(.error) | select(.error | test(\"token limit\") | not)' $tmp/uc-truncated.out >/dev/null"
check 'prose instead of JSON lines: every paper says so, quoting the start of the answer' \
	"jq -e 'select(.error) | .error | test(\"^the model answered prose, not JSON lines: .I have read\")' $tmp/uc-prose.out >/dev/null &&
	 ! jq -e 'select(.error) | select(.error | test(\"prose, not JSON lines\") | not)' $tmp/uc-prose.out >/dev/null"

done_testing
