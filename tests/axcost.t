#!/bin/sh
# axcost: usage records -> cost summaries; request records -> estimates.
. "$(dirname "$0")/lib.sh"
AX_PRICES=$top/examples/prices.txt
export AX_PRICES

# Hand-computed (USD per million: gpt-4.1-mini 0.40/0.10/1.60, gpt-5 1.25/0.125/10,
# claude-sonnet-4-5 3/0.30/15, cache write 3.75):
#  gpt-4.1-mini: a 429 (failed, no tokens); 1128 plain*0.40 + 3072 cached*0.10 = 758.4e-6,
#    812*1.60 = 1299.2e-6; batch API: 5000*0.40/2 = 1000e-6, 1000*1.60/2 = 800e-6
#    -> prompt 0.0017584, completion 0.0020992
#  gpt-5: 976*1.25 + 1024*0.125 = 1348e-6; 3000*10 = 0.03 (the 2500 reasoning
#    tokens are part of the 3000, not billed again)
#  claude: 2000*3 + 6000*0.30 + 2000*3.75 = 15300e-6; 500*15 = 7500e-6
#  total: prompt 0.0184064, completion 0.0395992, 0.0580056
check_out 'per-model lines and a total line, computed by hand' \
	"$data/handmade-usage-mixed.out" "axcost $data/handmade-usage-mixed.jsonl"
check 'the last line is the total' \
	"axcost $data/handmade-usage-mixed.jsonl | tail -1 | jq -e '.total_cost == 0.058006 and .calls == 4'"

# the real gpt-5 digest of 2025-09-10: 35564 prompt tokens $0.04, 37664 completion $0.38
printf '%s\n' \
	'{"batch":1,"attempt":1,"model":"gpt-5","status":200,"prompt_tokens":20000,"cached_tokens":0,"completion_tokens":20000,"reasoning_tokens":15000,"ms":1}' \
	'{"batch":2,"attempt":1,"model":"gpt-5","status":200,"prompt_tokens":15564,"cached_tokens":0,"completion_tokens":17664,"reasoning_tokens":12000,"ms":1}' \
	>"$tmp/gpt5.jsonl"
echo '{"model":"gpt-5","calls":2,"failed_calls":0,"prompt_tokens":35564,"cached_tokens":0,"cache_write_tokens":0,"completion_tokens":37664,"reasoning_tokens":27000,"total_tokens":73228,"prompt_cost":0.044455,"completion_cost":0.37664,"total_cost":0.421095}' >"$tmp/gpt5.out"
check_out 'one model: one object, full precision' "$tmp/gpt5.out" "axcost $tmp/gpt5.jsonl"
check 'the real gpt-5 digest: $0.04 + $0.38 = $0.42 in cents, as stats.json says' \
	"axcost $tmp/gpt5.jsonl | jq -c '[.prompt_tokens, .completion_tokens, .total_tokens] + ([.prompt_cost, .completion_cost, .total_cost] | map(. * 100 | round / 100))' >$tmp/a &&
	 jq -c '[.prompt_tokens, .completion_tokens, .total_tokens, .prompt_cost, .completion_cost, .total_cost]' $data/seed-2025-09-10/stats.json | cmp - $tmp/a"

# names: exact, then without a date suffix, then without a provider prefix
for m in gpt-4.1 gpt-4.1-2025-04-14 openai/gpt-4.1 openai/gpt-4.1-2025-04-14; do
	check "$m is priced as gpt-4.1" \
		"echo '{\"model\":\"$m\",\"status\":200,\"prompt_tokens\":1000000,\"cached_tokens\":500000,\"completion_tokens\":1000000}' |
		 axcost | jq -e '.model == \"$m\" and .prompt_cost == 1.25 and .completion_cost == 8'"
done
check 'anthropic/claude-sonnet-4.5 and claude-sonnet-4@20250514 are priced' \
	"printf '%s\n' '{\"model\":\"anthropic/claude-sonnet-4.5\",\"prompt_tokens\":1000000}' '{\"model\":\"claude-sonnet-4@20250514\",\"prompt_tokens\":1000000}' |
	 axcost | jq -e -s '.[0].prompt_cost == 3 and .[1].prompt_cost == 3 and .[2].total_cost == 6'"

# unknown model: a warning and null costs, never a silent 0
printf '%s\n' '{"model":"llama3.1:8b","status":200,"prompt_tokens":900,"completion_tokens":90}' >"$tmp/unk.jsonl"
check 'an unknown model gets null costs' \
	"axcost $tmp/unk.jsonl | jq -e '.prompt_cost == null and .completion_cost == null and .total_cost == null and .prompt_tokens == 900'"
check 'and a warning naming it' \
	"axcost $tmp/unk.jsonl 2>&1 >/dev/null | grep -qx 'axcost: llama3.1:8b: model not in the price table, its cost is null'"
check 'a total with an unknown model in it is null too' \
	"cat $tmp/unk.jsonl $tmp/gpt5.jsonl | axcost 2>/dev/null | tail -1 | jq -e '.total_cost == null and .model == \"llama3.1:8b+gpt-5\"'"
check_fail 'an unknown model is not a failure' 0 "axcost $tmp/unk.jsonl"

# price tables
printf '# mine\n\nllama3.1:8b  0.5  -  1   # local, priced anyway\n' >"$tmp/p.txt"
check '--prices replaces the table; "-" is no cache discount' \
	"axcost --prices $tmp/p.txt $tmp/unk.jsonl | jq -e '.prompt_cost == 0.00045 and .completion_cost == 0.00009'"
check '"-": cached tokens cost the input price' \
	"echo '{\"model\":\"llama3.1:8b\",\"prompt_tokens\":1000000,\"cached_tokens\":1000000}' |
	 axcost --prices $tmp/p.txt | jq -e '.prompt_cost == 0.5 and .cached_tokens == 1000000'"
check 'a batch API call costs half' \
	"echo '{\"model\":\"gpt-4.1\",\"prompt_tokens\":2000000,\"cached_tokens\":1000000,\"completion_tokens\":1000000,\"batch_api\":true}' |
	 axcost | jq -e '.prompt_cost == 1.25 and .completion_cost == 4'"
check 'AX_PRICES names the table' \
	"AX_PRICES=$tmp/p.txt axcost $tmp/unk.jsonl | jq -e '.total_cost == 0.00054'"
check '--prices wins over AX_PRICES' \
	"AX_PRICES=$tmp/p.txt axcost --prices $top/examples/prices.txt $tmp/gpt5.jsonl | jq -e '.total_cost == 0.421095'"
printf 'gpt-5 1.25 0.125\n' >"$tmp/short.txt"
check_fail 'a price line with three fields is a usage error' 2 "axcost --prices $tmp/short.txt $tmp/gpt5.jsonl"
check 'reported with FILE:LINE' \
	"axcost --prices $tmp/short.txt $tmp/gpt5.jsonl 2>&1 | grep -q 'short.txt:1: expected: model input cached_input output'"
printf 'claude-x 3 0.30 15\n' >"$tmp/cw.txt"
check 'without a cache_write column, cache writes cost the input price' \
	"echo '{\"model\":\"claude-x\",\"prompt_tokens\":3000000,\"cached_tokens\":1000000,\"cache_write_tokens\":1000000}' |
	 axcost --prices $tmp/cw.txt | jq -e '.prompt_cost == 6.3'"
check 'cache counts above the prompt tokens are reported and billed as cached' \
	"echo '{\"model\":\"gpt-5\",\"prompt_tokens\":10,\"cached_tokens\":1000000}' | axcost 2>$tmp/e | jq -e '.prompt_cost == 0.125' &&
	 grep -q 'stdin:1: cached tokens exceed prompt tokens' $tmp/e"
check_fail 'a missing price table is a usage error' 2 "axcost --prices $tmp/none.txt $tmp/gpt5.jsonl"
mkdir -p "$tmp/tree/bin" "$tmp/tree/examples"
cp "$AXBIN/axcost" "$tmp/tree/bin/"
cp "$top/examples/prices.txt" "$tmp/tree/examples/"
check 'uninstalled: the table in ../examples beside the program' \
	"env -u AX_PRICES $tmp/tree/bin/axcost $tmp/gpt5.jsonl | jq -e '.total_cost == 0.421095' &&
	 env -u AX_PRICES PATH=$tmp/tree/bin:\$PATH axcost $tmp/gpt5.jsonl | jq -e '.total_cost == 0.421095'"
rm "$tmp/tree/examples/prices.txt"
check 'no table anywhere: usage error naming --prices' \
	"exits 2 env -u AX_PRICES $tmp/tree/bin/axcost $tmp/gpt5.jsonl 2>$tmp/np.err &&
	 grep -q -- '--prices' $tmp/np.err"

# bad input
{ head -1 "$tmp/gpt5.jsonl"; echo '{"model": '; echo '{"prompt_tokens": 5}'; tail -1 "$tmp/gpt5.jsonl"; } >"$tmp/bad.jsonl"
check_fail 'malformed lines make the exit status 1' 1 "axcost $tmp/bad.jsonl"
check 'reported with FILE:LINE, the other records still counted' \
	"axcost $tmp/bad.jsonl 2>$tmp/e | jq -e '.calls == 2' && grep -q 'bad.jsonl:2: invalid JSON' $tmp/e &&
	 grep -q 'bad.jsonl:3: usage record without a model' $tmp/e"
printf '%s\n' '{"model":"gpt-5","prompt_tokens":"100"}' '{"model":"gpt-5","cached_tokens":null}' \
    '{"model":"gpt-5","reasoning_tokens":1e300}' '{"model":"gpt-5","prompt_tokens":1000000}' >"$tmp/types.jsonl"
check_err 'a token count that is no number is reported with FILE:LINE and its key' 1 \
    'types.jsonl:1: prompt_tokens: out of range' "axcost $tmp/types.jsonl"
check 'each such line is skipped, the others counted' \
	"exits 1 axcost $tmp/types.jsonl 2>$tmp/e | jq -e '.calls == 1 and .prompt_tokens == 1000000' &&
	 grep -q 'types.jsonl:2: cached_tokens: out of range' $tmp/e &&
	 grep -q 'types.jsonl:3: reasoning_tokens: out of range' $tmp/e && test \$(wc -l <$tmp/e) -eq 3"
check '--model names the model of records without one' \
	"echo '{\"prompt_tokens\": 1000000}' | axcost --model gpt-5 | jq -e '.model == \"gpt-5\" and .prompt_cost == 1.25'"
check 'no records: one line of zeros' \
	"axcost </dev/null | jq -e '.model == null and .calls == 0 and .total_cost == 0'"

# --estimate on axprompt's request records
S="--system $data/seed-system.md --user $data/seed-user.md"
axprompt $S --model gpt-5 $data/seed-papers.jsonl >"$tmp/req.jsonl"
ptok=$(jq -s '[.[] | ([.messages[].content | (length + 3) / 4 | floor] | add) + 4 * (.messages|length) + 3] | add' "$tmp/req.jsonl")
check 'estimate: chars/4 a message + 4 + 3, 100 output tokens a paper' \
	"axcost --estimate $tmp/req.jsonl | jq -e --argjson p $ptok '.estimate and .calls == 5 and .papers == 20 and .prompt_tokens == \$p and .completion_tokens == 2000'"
check 'estimate: this prompt'\''s prefix is under 1024 tokens, nothing cached' \
	"axcost --estimate $tmp/req.jsonl | jq -e --argjson p $ptok '.cached_tokens == 0 and .prompt_cost == (\$p * 1.25 / 1e6 * 1e6 | round / 1e6)'"
axprompt --system $top/examples/astro.system.md --user $top/examples/astro.user.md --model gpt-4.1 \
	$data/seed-papers.jsonl >"$tmp/astro.jsonl"
check 'estimate: a static prefix over 1024 tokens is cached after the first call, in 128-token steps' \
	"axcost --estimate $tmp/astro.jsonl | jq -e '.cached_tokens > 0 and .cached_tokens % (128 * 4) == 0'"
check 'estimate: --output-tokens, and max_tokens caps it' \
	"axcost --estimate --output-tokens 50 $tmp/req.jsonl | jq -e '.completion_tokens == 1000' &&
	 axprompt $S --model gpt-5 --max-tokens 300 $data/seed-papers.jsonl | axcost --estimate | jq -e '.completion_tokens == 1500'"
check 'estimate: titles requests assume 10 output tokens a paper' \
	"axprompt --user $top/examples/astro.titles.md --titles --batch 10 $data/seed-papers.jsonl |
	 axcost --estimate --model gpt-5-nano | jq -e '.completion_tokens == 200 and .calls == 2'"
jq -c 'if input_line_number <= 2 then . + {score: 20} else . end' $data/seed-papers.jsonl |
	axprompt $S --model gpt-5 >"$tmp/am.jsonl"
check 'estimate: pass-through records cost nothing' \
	"axcost --estimate $tmp/am.jsonl | jq -e '.papers == 18 and .calls == 5'"
check_fail 'estimate: a request without a model and no --model fails' 1 \
	"axprompt $S $data/seed-papers.jsonl | axcost --estimate"
check 'estimate: --model gives one' \
	"axprompt $S $data/seed-papers.jsonl | axcost --estimate --model gpt-4.1 | jq -e '.model == \"gpt-4.1\" and .calls == 5'"

done_testing
