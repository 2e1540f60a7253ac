# score-day.sh - sourced by tests/axscore.t and tests/providers.t after
# lib.sh: a real scored day as request records ($tmp/day.jsonl, 8 papers a
# request, $nreq of them) and each paper's recorded scores ($tmp/expect,
# the fields of $view), what every run against tests/llmserver.py must give.
day=$data/scored-2025-08-01.json
jq -c --rawfile sys "$data/score-system.md" --rawfile user "$data/score-user.md" \
	--argjson n 8 -f "$top/tests/score-requests.jq" "$day" >"$tmp/day.jsonl"
nreq=$(wc -l <"$tmp/day.jsonl")
jq -c --slurpfile s "$day" --arg model "${expect_model:-}" '.papers[] | $s[0][.id] as $x |
	{id, relevance: $x.RELEVANCE, novelty: $x.NOVELTY, score: ($x.RELEVANCE + $x.NOVELTY),
	 reason: $x.COMMENT} + (if $model == "" then {} else {model: $model} end)' \
	"$tmp/day.jsonl" >"$tmp/expect"
