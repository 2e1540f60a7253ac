#!/bin/sh
# axscore --batch-api against tests/llmserver.py's batch endpoints: a real day
# of GPT-4.1 scores comes back whole whether the batch completes, expires half
# way, fails some lines, or the server restarts between submit and collect;
# what the batch did not answer goes the ordinary way, and axcost bills the
# batch answers at half price.
. "$(dirname "$0")/lib.sh"

day=$data/scored-2025-08-01.json
jq -c --rawfile sys "$data/score-system.md" --rawfile user "$data/score-user.md" \
	--argjson n 8 -f "$top/tests/score-requests.jq" "$day" >"$tmp/day.jsonl"
jq -c --slurpfile s "$day" '.papers[] | $s[0][.id] as $x |
	{id, relevance: $x.RELEVANCE, novelty: $x.NOVELTY, score: ($x.RELEVANCE + $x.NOVELTY),
	 reason: $x.COMMENT, model: "gpt-4.1"}' "$tmp/day.jsonl" >"$tmp/expect"
view='{id, relevance, novelty, score, reason, model}'
prices=$top/examples/prices.txt
port=0

# score NAME [axscore options]: day.jsonl through axscore to the server on $port
score() {
	_sn=$1
	shift
	OPENAI_BASE_URL=http://127.0.0.1:$port/v1 ANTHROPIC_BASE_URL=http://127.0.0.1:$port \
		axscore --model gpt-4.1 --poll-interval 0.02 "$@" \
		"$tmp/day.jsonl" >"$tmp/$_sn.out" 2>"$tmp/$_sn.err"
	echo $? >"$tmp/$_sn.st"
}
# nsync LOG: chat requests sent the ordinary way
nsync() {
	jq -s 'map(select(.path | test("/chat/completions$|/messages$"))) | length' "$1"
}
# nline LOG: lines the server answered inside batches
nline() {
	jq -s 'map(select(.path == "batch")) | length' "$1"
}
# whole NAME: every paper once, with exactly the server's scores, in order
whole() {
	check_out "$1: every paper once with the server's scores" "$tmp/expect" \
		"jq -c '$view' '$tmp/$1.out'"
	check "$1: exit 0" "test \$(cat '$tmp/$1.st') -eq 0"
}

score nocache --batch-api
check '--batch-api without --cache is a usage error' \
	"test \$(cat '$tmp/nocache.st') -eq 2 && grep -q 'needs --cache' '$tmp/nocache.err'"
score both --batch-api --cache "$tmp/c0" --submit --collect batch_1
check '--submit with --collect is a usage error' "test \$(cat '$tmp/both.st') -eq 2"

# the same day synchronously, for the price comparison
server llmserver --log "$tmp/sync.log"
score sync --usage "$tmp/sync.usage"
whole sync

server llmserver --log "$tmp/ok.log"
score ok --batch-api --cache "$tmp/c1" --batch-state "$tmp/ok.state" --usage "$tmp/ok.usage"
whole ok
check 'completed batch: 8 lines in one batch, nothing sent one by one' \
	"test \$(nline '$tmp/ok.log') -eq 8 && test \$(nsync '$tmp/ok.log') -eq 0"
check 'the upload is a batch file, the batch is polled until completed' \
	"jq -e -s 'map(.path) | index(\"/v1/files\") < index(\"/v1/batches\")' '$tmp/ok.log' &&
	 test \$(jq -s 'map(select(.path == \"/v1/batches/batch_2\")) | length' '$tmp/ok.log') -eq 3"
check 'the state file says collected, with the 8 request keys' \
	"jq -e '.id == \"batch_2\" and .provider == \"openai\" and .collected and (.keys | length == 8)' '$tmp/ok.state'"
check 'one usage record per answer, marked batch_api' \
	"jq -e -s 'length == 8 and (map(.batch_api == true and .status == 200) | all)' '$tmp/ok.usage'"
check 'batch and synchronous runs count the same tokens' \
	"test \"\$(jq -s 'map(.prompt_tokens + .completion_tokens) | add' '$tmp/ok.usage')\" = \"\$(jq -s 'map(.prompt_tokens + .completion_tokens) | add' '$tmp/sync.usage')\""
axcost --prices "$prices" "$tmp/sync.usage" >"$tmp/sync.cost"
axcost --prices "$prices" "$tmp/ok.usage" >"$tmp/ok.cost"
check 'axcost bills the batch at half the synchronous price' \
	"jq -e -n --slurpfile s '$tmp/sync.cost' --slurpfile b '$tmp/ok.cost' '(\$s[0].total_cost / 2 - \$b[0].total_cost) | fabs < 0.000001'"
printf '# same day: sync $%s, batch $%s\n' "$(jq .total_cost "$tmp/sync.cost")" "$(jq .total_cost "$tmp/ok.cost")"
nlog=$(wc -l <"$tmp/ok.log")
score again --batch-api --cache "$tmp/c1" --batch-state "$tmp/ok.state"
whole again
check 'a second run finds everything in the cache: no batch, no request' \
	"test \$(wc -l <'$tmp/ok.log') -eq $nlog"

server llmserver --batch-mode expired --log "$tmp/exp.log"
score exp --batch-api --cache "$tmp/c2" --usage "$tmp/exp.usage"
whole exp
check 'expired batch: its 4 answers used, the other 4 requests asked one by one' \
	"test \$(nline '$tmp/exp.log') -eq 8 && test \$(nsync '$tmp/exp.log') -eq 4"
check 'expired: 4 usage records at batch price, 4 ordinary' \
	"test \$(jq -s 'map(select(.batch_api)) | length' '$tmp/exp.usage') -eq 4 && test \$(wc -l <'$tmp/exp.usage') -eq 8"
check 'expired: the status is said' "grep -q 'batch batch_2 expired: 4 answered, 4 failed' '$tmp/exp.err'"

server llmserver --batch-mode errors --log "$tmp/err.log"
score err --batch-api --cache "$tmp/c3" --usage "$tmp/err.usage"
whole err
check 'error file: the 3 failed lines are asked one by one' "test \$(nsync '$tmp/err.log') -eq 3"

# submit, the server goes down, a new one (same state) takes the collect
server llmserver --state "$tmp/srv.json" --log "$tmp/rs.log"
spid=$!
score sub --batch-api --submit --cache "$tmp/c4" --batch-state "$tmp/rs.state"
check '--submit returns at once: exit 0, no records, no poll' \
	"test \$(cat '$tmp/sub.st') -eq 0 && ! test -s '$tmp/sub.out' &&
	 ! grep -q '/v1/batches/' '$tmp/rs.log'"
check '--submit keeps the batch in the state file' \
	"jq -e '.id == \"batch_2\" and (.collected | not) and (.keys | length == 8)' '$tmp/rs.state'"
score sub2 --batch-api --submit --cache "$tmp/c4" --batch-state "$tmp/rs.state"
check 'a second --submit reuses the batch: one upload, one batch' \
	"test \$(jq -s 'map(select(.path == \"/v1/batches\" or .path == \"/v1/files\")) | length' '$tmp/rs.log') -eq 2 &&
	 grep -q 'batch_2 from .*already submitted' '$tmp/sub2.err'"
kill "$spid"
server llmserver --state "$tmp/srv.json" --log "$tmp/rs2.log"
score col --collect "$(jq -r .id "$tmp/rs.state")" --cache "$tmp/c4" \
	--batch-state "$tmp/rs.state" --usage "$tmp/col.usage"
whole col
check 'collect after a restart: nothing asked again, nothing paid twice' \
	"test \$(nsync '$tmp/rs2.log') -eq 0 && test \$(nline '$tmp/rs2.log') -eq 0 &&
	 jq -e -s 'length == 8 and (map(.batch_api) | all)' '$tmp/col.usage'"
check 'collected: the state file says so' "jq -e .collected '$tmp/rs.state'"
score col2 --collect batch_2 --cache "$tmp/c4" --usage "$tmp/col2.usage"
whole col2
check 'collecting the same batch again bills nothing twice' \
	"test \$(nsync '$tmp/rs2.log') -eq 0 && ! test -s '$tmp/col2.usage'"
score lost --collect batch_999 --cache "$tmp/c7" --retries 0
check 'a batch that cannot be read: exit 1, no records, nothing sent one by one' \
	"test \$(cat '$tmp/lost.st') -eq 1 && ! test -s '$tmp/lost.out' && test \$(nsync '$tmp/rs2.log') -eq 0 &&
	 grep -q 'batch_999: HTTP 404' '$tmp/lost.err'"
score sub3 --submit --cache "$tmp/c4" --batch-state "$tmp/rs.state"
check '--submit with every answer in the cache: nothing sent, no records' \
	"test \$(cat '$tmp/sub3.st') -eq 0 && ! test -s '$tmp/sub3.out' && grep -q 'nothing to submit' '$tmp/sub3.err' &&
	 test \$(jq -s 'map(select(.method == \"POST\")) | length' '$tmp/rs2.log') -eq 0"

# Anthropic's Message Batches, a batch that ends with expired requests;
# submitted, then found through the state file by a plain --batch-api run
server llmserver --batch-mode expired --log "$tmp/an.log"
score ansub --provider anthropic --submit --cache "$tmp/c5" --batch-state "$tmp/an.state"
check 'anthropic: --submit keeps the message batch in the state file' \
	"test \$(cat '$tmp/ansub.st') -eq 0 && jq -e '.id == \"msgbatch_1\" and .provider == \"anthropic\"' '$tmp/an.state'"
score anp --provider openai --batch-api --cache "$tmp/c5" --batch-state "$tmp/an.state"
check 'an uncollected batch of the other provider is a usage error' \
	"test \$(cat '$tmp/anp.st') -eq 2 && grep -q 'a batch of provider anthropic' '$tmp/anp.err'"
score an --provider anthropic --batch-api --cache "$tmp/c5" --batch-state "$tmp/an.state" \
	--usage "$tmp/an.usage"
whole an
check 'anthropic: the wait run collects the submitted batch' "grep -q 'msgbatch_1 from .*collecting it' '$tmp/an.err'"
check 'anthropic: one message batch, the 4 expired asked one by one' \
	"test \$(jq -s 'map(select(.path == \"/v1/messages/batches\")) | length' '$tmp/an.log') -eq 1 &&
	 test \$(nsync '$tmp/an.log') -eq 4 && test \$(jq -s 'map(select(.path | endswith(\"/results\"))) | length' '$tmp/an.log') -eq 1"
check 'anthropic: batch answers carry their cache tokens and batch_api' \
	"jq -e -s 'map(select(.batch_api)) | length == 4 and (map(has(\"cached_tokens\")) | all)' '$tmp/an.usage'"

# a server without batch endpoints: nothing was paid for, every request goes the ordinary way
server llmserver --no-batches --log "$tmp/nob.log"
score nob --batch-api --cache "$tmp/c6" --batch-state "$tmp/nob.state"
whole nob
check 'no batch API: every request asked one by one, no state file' \
	"test \$(nsync '$tmp/nob.log') -eq 8 && ! test -e '$tmp/nob.state' && grep -q 'no batch created' '$tmp/nob.err'"

# the batch API goes through lib/http.c: a status is named, a certificate
# failure is not retried
check 'no batch API: the upload'"'"'s refusal names its status' "grep -q '/v1/files: HTTP 404' '$tmp/nob.err'"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/tls.key" -out "$tmp/tls.crt" \
    >/dev/null 2>&1 || echo "Bail out! openssl could not make a certificate"
server tlsproxy --cert "$tmp/tls.crt" --key "$tmp/tls.key" --upstream "$port"
OPENAI_BASE_URL=https://127.0.0.1:$port/v1 axscore --model gpt-4.1 --batch-api --cache "$tmp/c9" \
	--retries 1 "$tmp/day.jsonl" >"$tmp/tls.out" 2>"$tmp/tls.err"
echo $? >"$tmp/tls.st"
check 'a self-signed certificate on the batch API: named, never retried' \
	"grep -qi '/v1/files: .*certificate' '$tmp/tls.err' && ! grep -q '/v1/files: .*retrying' '$tmp/tls.err'"
check 'a self-signed certificate: every paper out with an error, exit 1' \
	"test \$(cat '$tmp/tls.st') -eq 1 && test \$(jq -c 'select(.error)' '$tmp/tls.out' | wc -l) -eq 61"

done_testing
