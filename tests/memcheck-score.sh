#!/bin/sh
# memcheck-score.sh - axscore under valgrind ($VG) against tests/llmserver.py.
# Without arguments: prints the runs as "name|command" for tests/memcheck.sh;
# "run NAME" performs one of them and exits with axscore's status.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
	for r in plain 429 drop dropid truncated cache anthropic titles 401 budget replay batch batch-anthropic submit; do
		echo "axscore $r|sh $top/tests/memcheck-score.sh run $r"
	done
	exit 0
fi
r=$2
VG=${VG:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axmem.XXXXXX")
spid=
trap '[ -z "$spid" ] || kill $spid 2>/dev/null; rm -rf "$tmp"' EXIT
data=$top/tests/data
jq -c --rawfile sys "$data/score-system.md" --rawfile user "$data/score-user.md" \
	--argjson n 8 -f "$top/tests/score-requests.jq" "$data/scored-2025-08-01.json" |
	head -3 >"$tmp/req.jsonl"
fault=
case $r in
429|drop|dropid|truncated) fault="--fault $r --faults 2" ;;
401) fault="--key right" ;;
batch) fault="--batch-mode errors" ;;
batch-anthropic) fault="--batch-mode expired" ;;
esac
python3 "$top/tests/llmserver.py" --port-file "$tmp/port" --lifetime 120 $fault &
spid=$!
while [ ! -s "$tmp/port" ]; do sleep 0.05; done
OPENAI_BASE_URL=http://127.0.0.1:$(cat "$tmp/port")/v1
ANTHROPIC_BASE_URL=http://127.0.0.1:$(cat "$tmp/port")
OPENAI_API_KEY=wrong
export OPENAI_BASE_URL ANTHROPIC_BASE_URL OPENAI_API_KEY
set +e
case $r in
cache)
	axscore --cache "$tmp/c" "$tmp/req.jsonl" >/dev/null
	$VG axscore --cache "$tmp/c" --usage "$tmp/u" "$tmp/req.jsonl" ;;
anthropic)
	ANTHROPIC_API_KEY=k $VG axscore --provider anthropic --usage "$tmp/u" "$tmp/req.jsonl" ;;
titles)
	jq -c '. + {mode: "titles"}' "$tmp/req.jsonl" >"$tmp/t.jsonl"
	$VG axscore "$tmp/t.jsonl" ;;
budget)
	$VG axscore --budget 0.02 --price-in 2 --price-out 8 --jobs 1 "$tmp/req.jsonl" ;;
batch)
	$VG axscore --batch-api --cache "$tmp/c" --batch-state "$tmp/st" --poll-interval 0.02 \
	    --usage "$tmp/u" "$tmp/req.jsonl" ;;
batch-anthropic)
	ANTHROPIC_API_KEY=k $VG axscore --provider anthropic --batch-api --cache "$tmp/c" \
	    --poll-interval 0.02 --usage "$tmp/u" "$tmp/req.jsonl" ;;
submit)
	$VG axscore --submit --cache "$tmp/c" --batch-state "$tmp/st" "$tmp/req.jsonl" ;;
replay)
	axscore --record "$tmp/rec" "$tmp/req.jsonl" >/dev/null
	$VG axscore --replay "$tmp/rec" "$tmp/req.jsonl" ;;
*)
	$VG axscore --timeout 5 --retries 2 --usage "$tmp/u" --rpm 100 --tpm 1000000 "$tmp/req.jsonl" ;;
esac
