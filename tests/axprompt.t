#!/bin/sh
# axprompt: paper records -> request records, on the real 2025-09-10 papers and prompts.
. "$(dirname "$0")/lib.sh"
S="--system $data/seed-system.md --user $data/seed-user.md"
P=$data/seed-papers.jsonl

check_out 'a batch of 2 is the exact request records of the real block format' \
	"$data/axprompt-seed-batch2.jsonl" \
	"axprompt $S --batch 2 --model gpt-5 --max-tokens 8000 --reasoning-effort low $data/seed-papers-3.jsonl"

printf '1 4\n2 4\n3 4\n4 4\n5 4\n' >"$tmp/b4"
check_out 'the default batch is 4 papers, batches numbered from 1' "$tmp/b4" \
	"axprompt $S $P | jq -r '\"\\(.batch) \\(.papers|length)\"'"
printf '3\n3\n3\n3\n3\n3\n2\n' >"$tmp/b3"
check_out '--batch 3 on 20 papers: six of 3 and one of 2' "$tmp/b3" \
	"axprompt $S --batch 3 $P | jq '.papers|length'"
check '--batch 20 makes one request' "test \$(axprompt $S --batch 20 $P | wc -l) -eq 1"
check '--batch 1 makes one request a paper' "test \$(axprompt $S --batch 1 $P | wc -l) -eq 20"
check_fail '--batch 0 is a usage error' 2 "axprompt $S --batch 0 $P"
jq -r .id $P >"$tmp/ids"
check_out 'every paper once, in input order, unchanged' "$P" \
	"axprompt $S --batch 3 $P | jq -c '.papers[]'"
check_out 'the user message holds the papers in order' "$tmp/ids" \
	"axprompt $S --batch 3 $P | jq -r '.messages[1].content' | sed -n 's/^ArXiv ID: //p'"
check 'the text around {{papers}} is the template, verbatim' \
	"axprompt $S $P | head -1 | jq -r '.messages[1].content' >$tmp/u &&
	 head -c \$(grep -bo '{{papers}}' $data/seed-user.md | cut -d: -f1) $data/seed-user.md >$tmp/pre &&
	 head -c \$(wc -c <$tmp/pre) $tmp/u | cmp - $tmp/pre"
check 'the system message is the system file, verbatim' \
	"axprompt $S $P | head -1 | jq -j '.messages[0].content' | cmp - $data/seed-system.md"
check 'without --system there is only the user message' \
	"axprompt --user $data/seed-user.md $P | jq -e -s 'all(.[]; (.messages|length) == 1 and .messages[0].role == \"user\")'"

# abstract cut at 4000 characters, never inside a UTF-8 sequence
python3 -c '
import json
a = "a" * 3999 + "\u00e9" + "\u00fc" * 10
print(json.dumps({"id": "2509.00001", "title": "Long", "authors": ["A. B"], "abstract": a}))
print(json.dumps({"id": "2509.00002", "title": "Exact", "authors": [], "abstract": "\u00e9" * 4000}))
' >"$tmp/long.jsonl"
check 'an abstract is cut at 4000 characters on a UTF-8 boundary' \
	"axprompt $S $tmp/long.jsonl | jq -r '.messages[1].content' | grep '^Abstract: a' >$tmp/abs &&
	 test \"\$(cat $tmp/abs)\" = \"Abstract: \$(printf '%03999d' 0 | tr 0 a)é\""
check 'an abstract of exactly 4000 characters is kept whole' \
	"axprompt $S $tmp/long.jsonl | jq -r '.messages[1].content' | grep '^Abstract: é' | python3 -c 'import sys; assert len(sys.stdin.read().rstrip(\"\\n\")) == 10 + 4000'"
check 'an empty author list leaves an empty Authors line' \
	"axprompt $S $tmp/long.jsonl | jq -r '.messages[1].content' | grep -qx 'Authors: '"

# author matches: papers 2 and 5 (2509.07301, 2509.07115) carry a score; the batch
# of 4 fills first, the pass-through record comes before the batch that follows it
jq -c 'if (input_line_number == 2 or input_line_number == 5) then . + {score: 20, reason: "Author match"} else . end' \
	$data/seed-papers.jsonl | head -8 >"$tmp/am.jsonl"
cat >"$tmp/am.exp" <<'X'
1 2509.07963,2509.07727,2509.07025,2509.07339 true
2 2509.07301,2509.07115 false
3 2509.07236,2509.07972 true
X
check_out 'papers with a score travel together without messages, records in input order' "$tmp/am.exp" \
	"axprompt $S $tmp/am.jsonl | jq -r '\"\\(.batch) \\([.papers[].id]|join(\",\")) \\(has(\"messages\"))\"'"
check 'a pass-through record carries the papers unchanged and no request options' \
	"axprompt $S --model gpt-5 $tmp/am.jsonl | sed -n 2p | jq -e '(keys == [\"batch\",\"papers\"]) and .papers[0].score == 20'"

# titles mode
check '--titles writes title-only blocks and mode "titles"' \
	"axprompt --user $top/examples/astro.titles.md --titles --batch 20 $P | jq -e '.mode == \"titles\"' &&
	 axprompt --user $top/examples/astro.titles.md --titles --batch 20 $P | jq -r '.messages[0].content' |
	 sed -n '/^ArXiv ID: 2509.07963/,/^\$/p' >$tmp/t &&
	 printf 'ArXiv ID: 2509.07963\nTitle: Customizing the Inductive Biases of Softmax Attention using Structured Matrices\n\n' | cmp - $tmp/t"
check 'a full request has no mode' "axprompt $S $P | jq -e -s 'length > 0 and all(.[]; has(\"mode\") | not)'"

# request options
printf '{\n  "name": "scores",\n  "strict": true,\n  "schema": {"type": "object"}\n}\n' >"$tmp/schema.json"
check '--json-schema and --temperature become fields' \
	"axprompt $S --json-schema $tmp/schema.json --temperature 0.2 $P | head -1 |
	 jq -e '.json_schema == {name: \"scores\", strict: true, schema: {type: \"object\"}} and .temperature == 0.2'"
echo '{"name":' >"$tmp/bad.json"
check_fail 'a schema that is not JSON is a usage error' 2 "axprompt $S --json-schema $tmp/bad.json $P"
check_fail '--temperature 3 is out of range' 2 "axprompt $S --temperature 3 $P"

# --batch-tokens: no request above the budget unless it holds one paper
tokcheck='(([.messages[].content | (length + 3) / 4 | floor] | add) + 4 * (.messages|length) + 3) as $t | ($t <= $b or (.papers|length) == 1)'
check '--batch-tokens 2000 packs papers under the estimate' \
	"axprompt $S --batch-tokens 2000 $P >$tmp/bt && test \$(wc -l <$tmp/bt) -gt 5 &&
	 jq -e --argjson b 2000 '$tokcheck' $tmp/bt >/dev/null && ! jq -e --argjson b 2000 '$tokcheck' $tmp/bt | grep -q false &&
	 test \$(jq -c '.papers[]' $tmp/bt | wc -l) -eq 20"
check '--batch-tokens alone has no count limit' \
	"test \$(axprompt $S --batch-tokens 100000 $P | wc -l) -eq 1"
check '--batch-tokens with --batch: both limits apply' \
	"axprompt $S --batch-tokens 100000 --batch 7 $P | jq '.papers|length' | paste -sd, | grep -qx 7,7,6"
check '--batch-tokens under the static prompt still sends every paper, one a request' \
	"test \$(axprompt $S --batch-tokens 10 $P | jq '.papers|length' | sort -u) = 1 &&
	 test \$(axprompt $S --batch-tokens 10 $P | wc -l) -eq 20"
printf 'first:\n{{papers}}\nagain:\n{{papers}}\n' >"$tmp/two.md"
check 'every {{papers}} is replaced' \
	"axprompt --user $tmp/two.md --titles $data/seed-papers-3.jsonl | jq -r '.messages[0].content' | grep -c '^ArXiv ID' | grep -qx 6"

# errors
printf 'no placeholder here\n' >"$tmp/nop.md"
check_fail 'a template without {{papers}} is a usage error' 2 "axprompt --user $tmp/nop.md $P"
check 'and says so' "axprompt --user $tmp/nop.md $P 2>&1 | grep -q 'nop.md: no {{papers}} in the template'"
check_fail '--user is required' 2 "axprompt --system $data/seed-system.md $P"
check_fail 'a missing prompt file is a usage error' 2 "axprompt --user $tmp/none.md $P"
{ head -2 $P; echo '{"id": "2509.1", "title": '; sed -n 3p $P; echo '{"title": "no id"}'; sed -n 4p $P; } >"$tmp/bad.jsonl"
check_fail 'a malformed line makes the exit status 1' 1 "axprompt $S $tmp/bad.jsonl"
check 'the malformed line and the paper without an id are reported with FILE:LINE' \
	"axprompt $S $tmp/bad.jsonl 2>&1 >/dev/null | grep -q 'bad.jsonl:3: invalid JSON' &&
	 axprompt $S $tmp/bad.jsonl 2>&1 >/dev/null | grep -q 'bad.jsonl:5: paper without an id'"
check 'the other papers are still written' \
	"test \$(axprompt $S $tmp/bad.jsonl 2>/dev/null | jq -c '.papers[]' | wc -l) -eq 4"
echo '{"id": "2509.2"}' >"$tmp/notitle.jsonl"
check 'a paper without a title is reported' \
	"axprompt $S $tmp/notitle.jsonl 2>&1 | grep -q 'notitle.jsonl:1: 2509.2: paper without a title'"
check_fail 'a paper without a title makes the exit status 1' 1 "axprompt $S $tmp/notitle.jsonl"
printf 'Papers:\n{{papers}}\n\0\n' >"$tmp/nul.md"
check_err 'a NUL byte in the prompt is named by FILE:LINE' 2 "nul.md:3: NUL byte in prompt" \
	"axprompt --user $tmp/nul.md </dev/null"
check 'empty input writes nothing' "test -z \"\$(axprompt $S </dev/null)\""

# a collaboration's author list (the real OAI harvest of 2023-03-07: 2209.11175, BESIII, 578 names)
axfetch -f "$data"/oai-oai_dc-ListRecords-2023-03-07-page*.xml 2>/dev/null |
	jq -c 'select(.id == "2209.11175" or .id == "2303.02868")' >"$tmp/collab.jsonl"
authors_line() {
	axprompt $S --batch 1 "$@" "$tmp/collab.jsonl" | jq -r '.messages[-1].content' | grep '^Authors: '
}
check 'a 578-name list shows its first 20 names and how many more' \
	"authors_line | head -1 >$tmp/al && grep -q '^Authors: BESIII Collaboration, M. Ablikim, .*, M. Bertani and 558 more\$' $tmp/al &&
	 test \$(tr ',' '\n' <$tmp/al | wc -l) -eq 20"
check 'a list of 20 or fewer is shown whole, with no count' \
	"authors_line | sed -n 2p >$tmp/al2 && ! grep -q 'more\$' $tmp/al2 &&
	 test \"\$(sed 's/^Authors: //' $tmp/al2)\" = \"\$(jq -r 'select(.id == \"2303.02868\") | .authors | join(\", \")' $tmp/collab.jsonl)\""
check '--authors 3 shows three; --authors 0 every name' \
	"authors_line --authors 3 | head -1 | grep -qx 'Authors: BESIII Collaboration, M. Ablikim, M. N. Achasov and 575 more' &&
	 test \$(authors_line --authors 0 | head -1 | tr ',' '\n' | wc -l) -eq 578"
check 'the cut shortens the request' \
	"test \$(axprompt $S --batch 1 $tmp/collab.jsonl | head -1 | wc -c) -lt \$(axprompt $S --batch 1 --authors 0 $tmp/collab.jsonl | head -1 | wc -c)"
check_fail '--authors -1 is a usage error' 2 "axprompt $S --authors -1 $P"
jq -c '.title = ([range(300)] | map("Long") | join(" ")) + " é"' "$tmp/collab.jsonl" | head -1 >"$tmp/longtitle.jsonl"
check 'a runaway title is cut after 1000 characters' \
	"axprompt $S $tmp/longtitle.jsonl | jq -r '.messages[-1].content' | grep '^Title: ' >$tmp/lt &&
	 test \$(sed 's/^Title: //' $tmp/lt | tr -d '\n' | wc -m) -eq 1000"

done_testing
