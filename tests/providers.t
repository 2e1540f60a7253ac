#!/bin/sh
# axscore against each LLM provider as it really answers (tests/llmserver.py
# --profile): the same real day through every profile, every paper back once
# with the recorded score; then each profile's usage billed once at its
# price, its errors in its own words, its billing error stopping the run,
# its refused request fields recovered, its reasoning never read as the
# answer; and the failing cases this grew from (tests/data/SOURCES.md).
. "$(dirname "$0")/lib.sh"

. "$top/tests/score-day.sh"
view='{id, relevance, novelty, score, reason}'
export AX_PRICES="$top/examples/prices.txt"
secret=sk-test-Q7vX2mPz9KdR4wYb8NcT6e1L

# run NAME PROFILE MODEL [axscore options]: $day_in (default: the day) through axscore to the
# server on $port, spoken to as PROFILE is (Anthropic's protocol or OpenAI's)
run() {
	_rn=$1 _p=$2 _m=$3
	shift 3
	# the status goes to $_rn.st for the check to test (check bodies run under set -e)
	_rs=0
	if [ "$_p" = anthropic ]; then
		ANTHROPIC_BASE_URL=http://127.0.0.1:$port ANTHROPIC_API_KEY=$secret axscore \
			--provider anthropic --model "$_m" --usage "$tmp/$_rn.usage" "$@" \
			"${day_in:-$tmp/day.jsonl}" >"$tmp/$_rn.out" 2>"$tmp/$_rn.err" || _rs=$?
	else
		OPENAI_BASE_URL=http://127.0.0.1:$port/v1 OPENAI_API_KEY=$secret axscore \
			--model "$_m" --usage "$tmp/$_rn.usage" "$@" \
			"${day_in:-$tmp/day.jsonl}" >"$tmp/$_rn.out" 2>"$tmp/$_rn.err" || _rs=$?
	fi
	echo $_rs >"$tmp/$_rn.st"
	day_in=	# an assignment before a function call may outlive it (POSIX)
}

# the models each profile is run with (priced in examples/prices.txt where the provider bills)
profiles='openai:gpt-4.1 openai-reasoning:gpt-5 anthropic:claude-sonnet-4-5
gemini:gemini-2.5-flash deepseek:deepseek-chat ollama:qwen3:8b vllm:Qwen/Qwen3-8B
llamacpp:qwen3 mistral:mistral-small-latest openrouter:openai/gpt-5'

# micro-USD of a usage file by the prices file's figures, reasoning inside completion_tokens
price() {
	awk -v m="$2" '$1 == m { print $2, ($3 == "-" ? $2 : $3), $4, ($5 == "" ? $2 : $5) }' \
		"$AX_PRICES" | {
		read -r pin pc pout pw
		jq -s --argjson i "${pin:-0}" --argjson c "${pc:-0}" --argjson o "${pout:-0}" \
			--argjson w "${pw:-0}" 'map(((.prompt_tokens - .cached_tokens - (.cache_write_tokens // 0)) * $i
			+ .cached_tokens * $c + (.cache_write_tokens // 0) * $w + .completion_tokens * $o))
			| add' "$1"
	}
}

for pm in $profiles; do
	p=${pm%%:*} m=${pm#*:}
	server llmserver --profile "$p" --cache-min 100 --log "$tmp/$p.log"
	run "$p" "$p" "$m" --jobs 2
	check_out "$p: a real day, every paper once with the recorded score" "$tmp/expect" \
		"jq -c '$view' '$tmp/$p.out'"
	check "$p: exit 0, nothing on stderr, one call a batch" \
		"test \$(cat '$tmp/$p.st') -eq 0 && ! test -s '$tmp/$p.err' && test \$(wc -l <'$tmp/$p.log') -eq $nreq"
	check "$p: one usage record a call, reasoning within completion_tokens" \
		"test \$(wc -l <'$tmp/$p.usage') -eq $nreq && jq -e -s 'map(.reasoning_tokens <= .completion_tokens and .cached_tokens <= .prompt_tokens and .status == 200 and (has(\"error\") | not)) | all' '$tmp/$p.usage'"
	mp=${m#*/}
	case $p in
	ollama|vllm|llamacpp|mistral)
		check "$p: no price for $m: axcost says so, its cost null" \
			"axcost '$tmp/$p.usage' 2>'$tmp/$p.cerr' | jq -e '.total_cost == null and .calls == $nreq' && grep -q 'not in the price table' '$tmp/$p.cerr'" ;;
	*)
		check "$p: axcost bills the usage once at $mp's price (reasoning not added twice)" \
			"axcost '$tmp/$p.usage' | jq -e --argjson want \"\$(price '$tmp/$p.usage' '$mp')\" '.total_cost > 0 and (.total_cost * 1e6 - \$want | fabs) <= 1'" ;;
	esac
done
check 'openai-reasoning: reasoning_tokens read inside completion_tokens (as o3-mini reports them)' \
	"jq -e -s 'map(.reasoning_tokens == 192) | all' '$tmp/openai-reasoning.usage' &&
	 jq -e '.usage.completion_tokens_details.reasoning_tokens < .usage.completion_tokens' '$data/llm-openai-o3-mini.json'"
check 'openai-reasoning: no temperature and no max_tokens sent to gpt-5' \
	"jq -e -s 'map(.refused == null) | all' '$tmp/openai-reasoning.log'"
check 'gemini: thinking tokens counted from the total, billed as output once' \
	"jq -e -s 'map(.reasoning_tokens == 40) | all' '$tmp/gemini.usage'"
check 'deepseek: cache hits are cached tokens, reasoning counted' \
	"jq -e -s '(map(.cached_tokens) | add > 0) and (map(.reasoning_tokens == 120) | all)' '$tmp/deepseek.usage'"
check 'openrouter: reasoning_tokens counted once, inside completion_tokens' \
	"jq -e -s 'map(.reasoning_tokens == 64) | all' '$tmp/openrouter.usage'"
check 'anthropic: cache reads and writes within prompt_tokens' \
	"jq -e -s '(map(.cached_tokens) | add > 0) and (map(.prompt_tokens >= .cached_tokens + (.cache_write_tokens // 0)) | all)' '$tmp/anthropic.usage'"
check 'local servers: totals only, no cost' \
	"for p in ollama vllm llamacpp; do jq -e -s 'map(.cached_tokens == 0 and .prompt_tokens > 0) | all' \"$tmp/\$p.usage\" >/dev/null || exit 1; done"
check 'reasoning: no draft from a think block or a reasoning field was even a second answer' \
	"! grep -h 'answered twice' $tmp/*.err"

# errors: each profile's own words, on stderr, in the paper's error and the usage record
for pm in $profiles; do
	p=${pm%%:*} m=${pm#*:}
	for f in overload html err200; do
		server llmserver --profile "$p" --fault $f --faults 2 --log "$tmp/$p-$f.log"
		run "$p-$f" "$p" "$m" --jobs 2 --retries 2
		check_out "$p $f: retried, every paper scored" "$tmp/expect" "jq -c '$view' '$tmp/$p-$f.out'"
	done
	check "$p: its transient error in its own words, retried" \
		"grep -q 'retrying in' '$tmp/$p-overload.err' && grep -Eq 'HTTP (429|500|503|529): [A-Za-z]' '$tmp/$p-overload.err'"
	check "$p: a proxy's HTML page named by its title" \
		"grep -q 'HTTP 502: response is not JSON (text/html: 502 Bad Gateway), retrying' '$tmp/$p-html.err'"
	check "$p: an error inside a 200 shown, recorded, counted failed by axcost" \
		"grep -q 'HTTP 200 with an error: The model is overloaded, retrying' '$tmp/$p-err200.err' &&
		 test \$(jq -s 'map(select(.error)) | length' '$tmp/$p-err200.usage') -eq 2 &&
		 test \$(axcost --model x '$tmp/$p-err200.usage' | jq .failed_calls) -eq 2"
done
check 'openrouter: the upstream words of a 429 too' \
	"grep -q 'Provider returned error: google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream' '$tmp/openrouter-overload.err'"
check 'gemini: a list-wrapped error read' "grep -q 'HTTP 503: The model is overloaded. Please try again later.' '$tmp/gemini-overload.err'"
check 'vllm: a FastAPI detail read' "grep -q 'HTTP 503: Service Unavailable' '$tmp/vllm-overload.err'"
check 'ollama: a plain error string read' "grep -q 'HTTP 500: llama runner process has terminated' '$tmp/ollama-overload.err'"
check 'anthropic: 529 overloaded_error retried' "grep -q 'HTTP 529: Overloaded, retrying' '$tmp/anthropic-overload.err'"

# stops FAULT WHAT JQ PROFILE:MODEL...: FAULT on every call stops the run as a 401 does; JQ
# (given the model as $m) holds for each paper's error
stops() {
	_f=$1 _w=$2 _jq=$3
	shift 3
	for pm in "$@"; do
		p=${pm%%:*} m=${pm#*:}
		server llmserver --profile "$p" --fault "$_f" --faults 0 --log "$tmp/$p-$_f.log"
		run "$p-$_f" "$p" "$m" --jobs 2
		check "$p: $_w stops the run: at most --jobs calls, one message, exit 1" \
			"test \$(wc -l <'$tmp/$p-$_f.log') -le 2 && test \$(grep -c 'the run stops' '$tmp/$p-$_f.err') -eq 1 &&
			 test \$(wc -l <'$tmp/$p-$_f.err') -le 2 && test \$(cat '$tmp/$p-$_f.st') -eq 1"
		check "$p: every paper carries $_w in the server's words" \
			"jq -e -s --arg m '$m' 'length == 61 and (map(.error | test(\"^HTTP 4[0-9][0-9]: \") and ($_jq)) | all)' \
			    '$tmp/$p-$_f.out'"
	done
}
stops quota 'a billing error' 'test("([Cc]redit|[Bb]alance|quota)")' openai:gpt-4.1 \
    anthropic:claude-sonnet-4-5 deepseek:deepseek-chat mistral:mistral-small-latest openrouter:openai/gpt-5
# a model the provider does not serve (a typo in MODEL) fails every request alike
stops nomodel 'an unknown model' 'contains($m) or test("Model Not Exist")' openai:gpt-4.1-mni \
    openai-reasoning:gpt-5-mni anthropic:claude-sonet-4-5 gemini:gemini-2.5-flsh deepseek:deepseek-r1 \
    ollama:qwen3:8x vllm:Qwen/Qwen3-8 mistral:mistral-smal openrouter:gpt-5
server llmserver --profile gemini --fault quota --faults 2 --log "$tmp/gemini-quota.log"
run gemini-quota gemini gemini-2.5-flash --jobs 2 --retries 2
check_out "gemini: RESOURCE_EXHAUSTED (a per-minute quota) stays a rate limit: retried" "$tmp/expect" \
	"jq -c '$view' '$tmp/gemini-quota.out'"

# refused request fields: adjusted once, said once, every paper scored
jq -c '. + {temperature: 0.2, max_tokens: 4000, reasoning_effort: "low", json_schema: {type: "object"}}' \
	"$tmp/day.jsonl" >"$tmp/full.jsonl"
# refuse NAME PROFILE MODEL FIELD [server options]
refuse() {
	_fn=$1 _p=$2 _m=$3 _f=$4
	shift 4
	server llmserver --profile "$_p" "$@" --log "$tmp/$_fn.log"
	day_in=$tmp/full.jsonl run "$_fn" "$_p" "$_m" --jobs 2
	check_out "$_fn: $_f refused by $_p, recovered: every paper scored" "$tmp/expect" \
		"jq -c '$view' '$tmp/$_fn.out'"
	check "$_fn: said once, at most --jobs calls refused" \
		"test \$(grep -c '$_f refused' '$tmp/$_fn.err') -eq 1 && test \$(jq -s 'map(select(.refused == \"$_f\")) | length' '$tmp/$_fn.log') -le 2"
}
refuse ref-openai openai-reasoning my-reasoner max_tokens --refuse max_tokens
check 'ref-openai: a reasoning model behind an alias refusing temperature: left out' \
	"grep -q 'temperature refused: leaving it out' '$tmp/ref-openai.err' && test \$(jq -s 'map(select(.status == 200)) | length' '$tmp/ref-openai.log') -eq $nreq"
refuse ref-mistral mistral gpt-oss-120b max_completion_tokens
check 'ref-mistral: max_tokens sent instead, the same figure' \
	"jq -e -s 'map(select(.status == 200) | .max_tokens == 4000) | all' '$tmp/ref-mistral.log'"
refuse ref-deepseek deepseek deepseek-chat response_format
refuse ref-vllm vllm Qwen/Qwen3-8B reasoning_effort --refuse reasoning_effort
refuse ref-gemini gemini gemini-2.5-flash reasoning_effort --refuse reasoning_effort
refuse ref-anthropic anthropic claude-sonnet-4-5 temperature --refuse temperature
refuse ref-gpt41 openai gpt-4.1 reasoning_effort --refuse reasoning_effort
refuse ref-ollama ollama qwen3:8b response_format --refuse response_format
refuse ref-llamacpp llamacpp qwen3 max_tokens --refuse max_tokens
check 'ref-llamacpp: max_completion_tokens sent instead, the same figure' \
	"jq -e -s 'map(select(.status == 200) | .max_completion_tokens == 4000) | all' '$tmp/ref-llamacpp.log'"
refuse ref-openrouter openrouter openai/gpt-5 reasoning_effort --refuse reasoning_effort
check 'a field is adjusted once only: refused again, the papers carry the error' \
	"server llmserver --profile vllm --refuse reasoning_effort --refuse max_completion_tokens --refuse max_tokens --log '$tmp/ref2.log' &&
	 day_in='$tmp/full.jsonl' run ref2 vllm gpt-oss-20b --jobs 1 --retries 1; test \$(cat '$tmp/ref2.st') -eq 1 &&
	 jq -e -s 'map(.error | test(\"Extra inputs are not permitted\")) | all' '$tmp/ref2.out'"

# a cap spent on reasoning: never the same body twice; raised once, then the figures
jq -c '. + {max_tokens: 1000}' "$tmp/day.jsonl" >"$tmp/cap.jsonl"
for pm in openai-reasoning:gpt-5 deepseek:deepseek-chat ollama:qwen3:8b openrouter:openai/gpt-5 anthropic:claude-sonnet-4-5; do
	p=${pm%%:*} m=${pm#*:}
	server llmserver --profile "$p" --fault spent --faults 0 --log "$tmp/$p-spent.log"
	day_in=$tmp/cap.jsonl run "$p-spent" "$p" "$m" --jobs 2
	check "$p: a cap spent on reasoning: raised for the run, at most --jobs calls more than batches, no body sent twice" \
		"n=\$(wc -l <'$tmp/$p-spent.log') && test \$n -gt $nreq && test \$n -le $((nreq + 2)) && test \$(jq -r .sha '$tmp/$p-spent.log' | sort -u | wc -l) -eq \$n"
	check "$p: the second asks twice the cap" \
		"jq -e -s 'map(.max_tokens // .max_completion_tokens) | sort | unique == [1000, 2000]' '$tmp/$p-spent.log'"
	check "$p: every paper says why, with the figures" \
		"jq -e -s 'length == 61 and (map(.error | test(\"^max_tokens 1000 spent on reasoning \\\\(([0-9]+ (reasoning|output) tokens[^;]*|as batch [0-9]+ spent it, raised for the run); then max_tokens 2000: [0-9]+ (reasoning|output) tokens.*\\\\): raise MAX_TOKENS or lower REASONING_EFFORT\$\")) | all)' '$tmp/$p-spent.out'"
done

# a think block in the answer (DeepSeek-R1, Qwen3 through Ollama): the draft never counts
server llmserver --fault think --faults 0 --log "$tmp/think.log"
run think openai deepseek-r1:14b --jobs 2
check_out 'think: a <think> draft with other scores does not count' "$tmp/expect" "jq -c '$view' '$tmp/think.out'"
check 'think: and is not even a second answer' "! grep -q 'answered twice' '$tmp/think.err'"

printf '' >"$tmp/empty.txt"
# an answer with only reasoning: named, and no body sent more than twice
server llmserver --profile vllm --content "$tmp/empty.txt" --log "$tmp/onlyr.log"
run onlyr vllm Qwen/Qwen3-8B --retries 3
check 'only reasoning came back: the papers say so' \
	"jq -e -s 'length == 61 and (map(.error | test(\"^the answer held only reasoning \\\\([0-9]+ characters, finish_reason stop\\\\) \\\\(after [0-9] rounds\\\\)\$\")) | all)' '$tmp/onlyr.out'"
check 'no request body was sent more than twice' \
	"test \$(jq -r .sha '$tmp/onlyr.log' | sort | uniq -c | sort -rn | awk 'NR == 1 { print \$1 }') -le 2"
check 'the papers asked again in halves, not the same batch a third time' \
	"grep -q 'not scored again, asking 4 and 4 apart' '$tmp/onlyr.err'"

# recorded real bodies (tests/data/llm-*.json): usage read as recorded, errors in their words
head -1 "$data/case-http200-requests.jsonl" >"$tmp/one.jsonl"
for f in openai-o3-mini openai-gpt-4o-mini openai-cache-hit; do
	server llmserver --raw "$data/llm-$f.json" --log "$tmp/rec-$f.log"
	day_in=$tmp/one.jsonl run "rec-$f" openai gpt-4.1 --retries 0
	check "recorded $f: the usage record holds its tokens, reasoning and cache as recorded" \
		"jq -e --slurpfile u '$tmp/rec-$f.usage' '.usage as \$r | \$u[0] | .prompt_tokens == \$r.prompt_tokens and .completion_tokens == \$r.completion_tokens and .reasoning_tokens == \$r.completion_tokens_details.reasoning_tokens and .cached_tokens == \$r.prompt_tokens_details.cached_tokens and (.cache_write_tokens // 0) == (\$r.prompt_tokens_details.cache_write_tokens // 0)' '$data/llm-$f.json'"
done
check 'recorded o3-mini: the prose answer (no score) is the paper'"'"'s error, not a crash' \
	"jq -e '.error | test(\"^the model answered prose, not JSON lines: .* [(]after 1 rounds[)]$\")' '$tmp/rec-openai-o3-mini.out'"
server llmserver --raw "$data/llm-openai-400-unsupported.json" --status 400 --log "$tmp/rec400.log"
day_in=$tmp/one.jsonl run rec400 openai o1-mini --retries 2
check "recorded OpenAI 400 (a value refused, not a field ax adjusts): its words, not retried" \
	"jq -e '.error == \"HTTP 400: Unsupported value: '\"'\"'messages[0].role'\"'\"' does not support '\"'\"'system'\"'\"' with this model.\"' '$tmp/rec400.out' && test \$(wc -l <'$tmp/rec400.log') -eq 1"
server llmserver --raw "$data/llm-openrouter-429.json" --status 429 --log "$tmp/rec429.log"
day_in=$tmp/one.jsonl run rec429 openrouter google/gemini-2.0-flash-exp:free --retries 1
check "recorded OpenRouter 429: retried, the upstream's words in the error" \
	"test \$(wc -l <'$tmp/rec429.log') -eq 2 && jq -e '.error | startswith(\"HTTP 429: Provider returned error: google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream.\")' '$tmp/rec429.out'"

# the failing cases (tests/data/SOURCES.md, "providers")
server llmserver --content "$data/case-think-block-answer.txt" --log "$tmp/c1.log"
day_in=$data/case-reasoning-requests.jsonl run c1 openai deepseek-r1:14b --retries 1
check 'case reasoning-think-block: the final answer after </think> wins' \
	"jq -e -s 'map(select(.id == \"2509.07963\"))[0] | .relevance == 9 and .novelty == 7 and .reason == \"Matches criterion 1: structured attention matrices.\"' '$tmp/c1.out' &&
	 ! grep -q 'answered twice' '$tmp/c1.err'"
jq -c '. + {model: "gpt-5-mini", max_tokens: 1000}' "$data/case-reasoning-requests.jsonl" >"$tmp/c2.jsonl"
server llmserver --content "$tmp/empty.txt" --finish length --log "$tmp/c2.log" \
	--usage '{"prompt_tokens":1500,"completion_tokens":1000,"total_tokens":2500,"completion_tokens_details":{"reasoning_tokens":1000}}'
day_in=$tmp/c2.jsonl run c2 openai gpt-5-mini
check 'case reasoning-spends-token-cap: 2 calls, 2 distinct bodies (not 5 alike)' \
	"test \$(wc -l <'$tmp/c2.log') -eq 2 && test \$(jq -r .sha '$tmp/c2.log' | sort -u | wc -l) -eq 2"
check 'case reasoning-spends-token-cap: the error names the cap and the reasoning tokens' \
	"jq -e -s 'length == 3 and (map(.error | startswith(\"max_tokens 1000 spent on reasoning (1000 reasoning tokens\")) | all)' '$tmp/c2.out' &&
	 grep -q 'raise MAX_TOKENS or lower REASONING_EFFORT' '$tmp/c2.err' && ! grep -q 'after 5 rounds' '$tmp/c2.out'"
check 'case reasoning-spends-token-cap: axcost counts both calls and their reasoning once' \
	"axcost '$tmp/c2.usage' | jq -e '.calls == 2 and .reasoning_tokens == 2000 and .completion_tokens == 2000'"
for i in 1 2 3; do jq -c --argjson b $i '.batch = $b' "$data/case-reasoning-requests.jsonl"; done >"$tmp/c3.jsonl"
server llmserver --raw "$data/case-quota-429-body.json" --status 429 --log "$tmp/c3.log"
day_in=$tmp/c3.jsonl run c3 openai gpt-4o-mini
check 'case quota-429-retried: insufficient_quota stops the run: at most --jobs calls' \
	"test \$(wc -l <'$tmp/c3.log') -le 4 && test \$(cat '$tmp/c3.st') -eq 1"
check 'case quota-429-retried: every paper carries the quota error, one message' \
	"jq -e -s 'length == 9 and (map(.error == \"HTTP 429: You exceeded your current quota, please check your plan and billing details.\") | all)' '$tmp/c3.out' &&
	 test \$(wc -l <'$tmp/c3.err') -eq 1"
for f in err200 empty200 html; do
	server llmserver --fault $f --faults 0 --log "$tmp/c4$f.log"
	day_in=$data/case-http200-requests.jsonl run "c4$f" openai gpt-4.1 --retries 1
done
check 'case error-inside-http-200: an error object named, retried as a 5xx' \
	"jq -e -s 'length == 2 and (map(.error == \"HTTP 200 with an error: The model is overloaded\") | all)' '$tmp/c4err200.out' && test \$(wc -l <'$tmp/c4err200.log') -eq 4"
check 'case error-inside-http-200: an empty body named' \
	"jq -e -s 'length == 2 and (map(.error == \"empty response body\") | all)' '$tmp/c4empty200.out'"
check 'case error-inside-http-200: the usage records carry the error, axcost counts each failed' \
	"for f in err200 empty200 html; do test \$(jq -s 'map(select(.error)) | length' \"$tmp/c4\$f.usage\") -eq 4 && test \$(axcost --model gpt-4.1 \"$tmp/c4\$f.usage\" | jq .failed_calls) -eq 4 || exit 1; done"
printf '%s\n' '{"choices":[{"message":{"content":null,"refusal":"I can'"'"'t help"},"finish_reason":"content_filter"}],"usage":{"prompt_tokens":10,"completion_tokens":0}}' >"$tmp/refusal.json"
server llmserver --raw "$tmp/refusal.json" --log "$tmp/c4r.log"
day_in=$data/case-http200-requests.jsonl run c4r openai gpt-4.1 --retries 1
check 'case error-inside-http-200: a refusal named, not asked again' \
	"jq -e -s 'length == 2 and (map(.error == \"refused (finish_reason content_filter): I can'\"'\"'t help\") | all)' '$tmp/c4r.out' && test \$(wc -l <'$tmp/c4r.log') -eq 2 &&
	 test \$(axcost --model gpt-4.1 '$tmp/c4r.usage' | jq .failed_calls) -eq 2"

# at a real day's size: 1,000+ real scored papers (tests/data/scored-astro-ph.tar.gz), 8 a request
mkdir -p "$tmp/big" "$tmp/bigdata"
tar xzf "$data/scored-astro-ph.tar.gz" -C "$tmp/big"
jq -s 'reduce .[] as $d ({}; if length < 1000 then . + $d else . end)' "$tmp"/big/scored/*-output.json \
	>"$tmp/bigdata/scored-big.json"
jq -c --rawfile sys "$data/score-system.md" --rawfile user "$data/score-user.md" \
	--argjson n 8 -f "$top/tests/score-requests.jq" "$tmp/bigdata/scored-big.json" >"$tmp/big.jsonl"
bigreq=$(wc -l <"$tmp/big.jsonl")
bigpapers=$(jq -s 'map(.papers | length) | add' "$tmp/big.jsonl")
jq -c --slurpfile s "$tmp/bigdata/scored-big.json" '.papers[] | $s[0][.id] as $x |
	{id, relevance: $x.RELEVANCE, novelty: $x.NOVELTY}' "$tmp/big.jsonl" >"$tmp/big.expect"
check "real size: $bigpapers papers in $bigreq requests" "test $bigpapers -ge 1000"
server llmserver --profile deepseek --data "$tmp/bigdata" --log "$tmp/big1.log"
day_in=$tmp/big.jsonl run big1 deepseek deepseek-reasoner --jobs 8
check_out 'real size, deepseek with reasoning_content: every paper once with its recorded score' \
	"$tmp/big.expect" "jq -c '{id, relevance, novelty}' '$tmp/big1.out'"
server llmserver --profile openai --data "$tmp/bigdata" --fault quota --faults 0 --log "$tmp/big2.log"
day_in=$tmp/big.jsonl run big2 openai gpt-4.1 --jobs 8
check "real size: no credit stops $bigreq requests after at most --jobs calls" \
	"test \$(wc -l <'$tmp/big2.log') -le 8 && jq -e -s 'length == $bigpapers and (map(.error | test(\"quota\")) | all)' '$tmp/big2.out' &&
	 test \$(wc -l <'$tmp/big2.err') -eq 1"
jq -c '. + {max_tokens: 1000}' "$tmp/big.jsonl" >"$tmp/bigcap.jsonl"
server llmserver --profile openai-reasoning --data "$tmp/bigdata" --fault spent --faults 0 --log "$tmp/big3.log"
day_in=$tmp/bigcap.jsonl run big3 openai-reasoning gpt-5 --jobs 8
check "real size: a cap spent on reasoning raised for the run: at most --jobs calls more than requests, no body twice" \
	"n=\$(wc -l <'$tmp/big3.log') && test \$n -le $((bigreq + 8)) && test \$(jq -r .sha '$tmp/big3.log' | sort -u | wc -l) -eq \$n &&
	 jq -e -s 'length == $bigpapers and (map(.error | test(\"spent on reasoning\")) | all)' '$tmp/big3.out'"
jq -c '. + {reasoning_effort: "low"}' "$tmp/big.jsonl" >"$tmp/bigeff.jsonl"
server llmserver --profile mistral --data "$tmp/bigdata" --refuse reasoning_effort --log "$tmp/big4.log"
day_in=$tmp/bigeff.jsonl run big4 mistral mistral-small-latest --jobs 8
check "real size: a refused field costs at most --jobs calls, then every paper is scored" \
	"test \$(jq -s 'map(select(.refused)) | length' '$tmp/big4.log') -le 8 && test \$(wc -l <'$tmp/big4.log') -le $((bigreq + 8)) &&
	 jq -e -s 'length == $bigpapers and (map(.relevance) | all)' '$tmp/big4.out'"

# keys: the first line of a key file; CR, LF or any control character refused, nothing sent
printf 'sk-test-KEYLINE1-abcdef\nX-Injected: evil\n' >"$tmp/key2"
chmod 600 "$tmp/key2"
server llmserver --key sk-test-KEYLINE1-abcdef --log "$tmp/k.log"
check_out 'case key-file-second-line: only the first line is the key' "$tmp/expect" \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/key2' --model gpt-4.1 '$tmp/day.jsonl' | jq -c '$view'"
printf 'sk-test-KEYLINE1-abcdef\r\nsecond line\r\n' >"$tmp/keycrlf"
printf '\357\273\277sk-test-KEYLINE1-abcdef\n' >"$tmp/keybom"
chmod 600 "$tmp/keycrlf" "$tmp/keybom"
check 'a key file with CRLF lines, or a byte-order mark: the key alone' \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/keycrlf' --model gpt-4.1 '$tmp/day.jsonl' | jq -e -s 'length == 61 and (map(.relevance) | all)' &&
	 OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/keybom' --model gpt-4.1 '$tmp/day.jsonl' | jq -e -s 'length == 61 and (map(.relevance) | all)'"
printf '\nsk-test-KEYLINE1-abcdef\n' >"$tmp/keyblank"
chmod 600 "$tmp/keyblank"
check_fail 'a key file whose first line is empty: exit 2, not the second line' 2 \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/keyblank' '$tmp/day.jsonl'"
check_fail 'a key with a byte that is not ASCII: exit 2' 2 \
	"OPENAI_API_KEY=\"\$(printf 'sk-test-\303\251')\" OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/day.jsonl'"
printf 'sk-test-KEY\tTAB\n' >"$tmp/key3"
chmod 600 "$tmp/key3"
check_fail 'a key file whose first line holds a control character: exit 2' 2 \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/key3' '$tmp/day.jsonl'"
check 'it names the file, not the key' \
	"OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/key3' '$tmp/day.jsonl' 2>&1 | grep -q 'key3: the API key holds a control character' &&
	 ! OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --key-file '$tmp/key3' '$tmp/day.jsonl' 2>&1 | grep -q KEY"
n0=$(wc -l <"$tmp/k.log")
for k in "$(printf 'sk-test-ENV\r\nX-Injected2: evil2')" "$(printf 'sk-test-ENV\r')" "$(printf 'sk-test-\033ENV')"; do
	check_fail 'a key in OPENAI_API_KEY holding CR, LF or ESC: exit 2' 2 \
		"OPENAI_API_KEY='$k' OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/day.jsonl'"
done
check 'the message names the variable, never the key; nothing was sent' \
	"OPENAI_API_KEY=\"\$(printf 'sk-test-ENV\r\nX')\" OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore '$tmp/day.jsonl' 2>&1 | grep -q '^axscore: OPENAI_API_KEY: the API key holds a control character' &&
	 ! OPENAI_API_KEY=\"\$(printf 'sk-test-ENV\r\nX')\" axscore '$tmp/day.jsonl' 2>&1 | grep -q ENV && test \$(wc -l <'$tmp/k.log') -eq $n0"
check_fail 'ANTHROPIC_API_KEY is checked alike' 2 \
	"ANTHROPIC_API_KEY=\"\$(printf 'sk-ant\nX')\" ANTHROPIC_BASE_URL=http://127.0.0.1:$port axscore --provider anthropic '$tmp/day.jsonl'"
# a server that echoes the key in a 200 (content, error, anywhere): never written
printf '{"ARXIVID": "2508.00099", "COMMENT": "your key is %s", "RELEVANCE": 5, "NOVELTY": 5}\n' "$secret" >"$tmp/echo.txt"
jq -c '.papers[0].id = "2508.00099" | .papers |= .[:1]' "$tmp/day.jsonl" | head -1 >"$tmp/echo.jsonl"
server llmserver --content "$tmp/echo.txt" --log "$tmp/echo.log"
day_in=$tmp/echo.jsonl run echo openai gpt-4.1 --cache "$tmp/echocache" --record "$tmp/echo.rec"
check 'a key a server echoes in its answer is in no output, usage, cache or record' \
	"jq -e '.reason == \"your key is [the key]\"' '$tmp/echo.out' &&
	 test -s '$tmp/echo.rec' && test -n \"\$(ls '$tmp/echocache')\" &&
	 ! grep -rq -- '$secret' '$tmp/echo.out' '$tmp/echo.err' '$tmp/echo.usage' '$tmp/echocache' '$tmp/echo.rec' &&
	 ! grep -rqi -- 'Q7VX2MPZ9KDR4WYB8NCT6E1L' '$tmp/echo.out' '$tmp/echocache' '$tmp/echo.rec'"
server llmserver --fault 401echo --faults 0 --log "$tmp/e401.log"
run e401 openai gpt-4.1
check 'a 401 quoting the key: redacted in stderr and every error field' \
	"grep -q 'Incorrect API key provided: \\[the key\\]' '$tmp/e401.err' && ! grep -q -- '$secret' '$tmp/e401.err' '$tmp/e401.out' '$tmp/e401.usage'"
done_testing
