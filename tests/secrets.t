#!/bin/sh
# The API key never leaks: a whole run of the stages (axfilter, axprompt,
# axscore against tests/llmserver.py, axfilter, axrender in every format and a
# site, axcost) with a recognisable key, then every file written and every
# stderr is searched for it; the same with --key-file, and with a server that
# quotes the key back in its 401.  Cache, record and usage files are 0600.
. "$(dirname "$0")/lib.sh"


secret=sk-test-SECRET-$$-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
run=$tmp/run
mkdir -p "$run"
jq -c '[.[] | {id: .arxiv_id, title, authors, abstract}][:16][]' \
    "$data/scored-2025-08-01.json" >"$tmp/papers.jsonl"

# pipeline NAME [axscore options]: every stage, outputs and stderr in $run/NAME.*
pipeline() {
	_p=$run/$1
	shift
	axfilter --dedupe --seen "$_p.seen" "$tmp/papers.jsonl" 2>"$_p.1.err" |
	axprompt --system "$data/score-system.md" --user "$data/score-user.md" --batch 8 \
	    --model gpt-4.1 2>"$_p.2.err" |
	OPENAI_BASE_URL=http://127.0.0.1:$port/v1 axscore --usage "$_p.usage" \
	    --cache "$_p.cache" --record "$_p.record" "$@" 2>"$_p.3.err" >"$_p.scored"
	echo $? >"$_p.status"
	axfilter --sort "$_p.scored" 2>"$_p.4.err" >"$_p.selected"
	for f in md html json atom; do
		axrender -f $f --date 2025-08-01 "$_p.selected" >"$_p.digest.$f" 2>>"$_p.5.err"
	done
	axrender --site "$_p.site" --date 2025-08-01 "$_p.selected" 2>>"$_p.5.err"
	axcost --prices "$top/examples/prices.txt" "$_p.usage" >"$_p.cost" 2>"$_p.6.err"
}
# leaks NAME: the files of that run holding the key (or its random part)
leaks() {
	grep -rl -e "$secret" -e "${secret##*-}" "$run" 2>/dev/null | grep "/$1\." || true
}
# outcome NAME TITLE STATUS JQ: axscore's status and its 16 papers
outcome() {
	check "$2" "[ \"\$(cat '$run/$1.status')\" -eq $3 ] &&
		jq -e -s 'length == 16 and all($4)' '$run/$1.scored' >/dev/null"
	check "$2: the key in no output, cache, record, usage, site file or stderr" \
	    "[ -z \"\$(leaks $1)\" ] || { leaks $1; false; }"
}

check 'the search finds a key planted in a file (so a pass means something)' '
	mkdir -p "$run/plant.d" && echo "x ${secret##*-} y" >"$run/plant.d/f" && [ -n "$(leaks plant)" ]'
server llmserver --key "$secret" --log "$tmp/env.log"
OPENAI_API_KEY=$secret pipeline env
outcome env 'key from the environment: all 16 papers scored' 0 '.relevance != null'
check 'the run wrote what is searched: cache, record, usage, site, digests' '
	[ -s "$run/env.record" ] && [ -s "$run/env.usage" ] && [ -n "$(ls "$run/env.cache")" ] &&
	[ -s "$run/env.site/index.html" ] && [ -s "$run/env.digest.atom" ]'
check 'cache files, record and usage files are 0600' '
	for f in "$run"/env.cache/* "$run/env.record" "$run/env.usage"; do
		[ "$(stat -c %a "$f")" = 600 ] || { echo "$f: $(stat -c %a "$f")"; exit 1; }
	done'
check 'the cache directory is 0700' '[ "$(stat -c %a "$run/env.cache")" = 700 ]'

printf '%s\n' "$secret" >"$tmp/key"
chmod 600 "$tmp/key"
server llmserver --key "$secret" --log "$tmp/file.log"
pipeline file --key-file "$tmp/key"
outcome file '--key-file: all 16 papers scored' 0 '.relevance != null'
chmod 644 "$tmp/key"
check_fail '--key-file readable by others: refused with exit 2' 2 \
    'axscore --key-file "$tmp/key" /dev/null'
check '--key-file readable by others: the message does not show the key' '
	axscore --key-file "$tmp/key" /dev/null 2>&1 | grep -q "readable by others" &&
	! axscore --key-file "$tmp/key" /dev/null 2>&1 | grep -q -e "$secret"'
check_fail 'no option takes the key in argv (--key is a bad option)' 2 \
    'axscore --key "$secret" /dev/null'

# a server that quotes the refused key back in full (found leaking: stderr,
# the papers' error and the usage records; axscore now writes "[the key]")
server llmserver --fault 401echo --faults 0 --log "$tmp/echo.log"
OPENAI_API_KEY=$secret pipeline echo
outcome echo 'a 401 quoting the key: every paper out with the error, exit 1' 1 \
    '.error | test("401")'
check 'a 401 quoting the key: the message says so without it' \
    'grep -q "HTTP 401: Incorrect API key provided: \[the key\]" "$run/echo.3.err"'
# the daily pipeline end to end (axdaily: feed, filters, prompts, scores,
# digest, site, cost), the key from a key file and from the environment
server feedserver --log "$tmp/feed.log"
feed=http://127.0.0.1:$port
mkdir -p "$tmp/llm"
cp "$data/handmade-scored-2026-04-27.json" "$tmp/llm/scored-handmade.json"
server llmserver --data "$tmp/llm" --key "$secret" --log "$tmp/daily-llm.log"
chmod 600 "$tmp/key"
for how in file env; do
	printf '%s\n' "CATEGORIES=cs.LG" "FEED_URL=$feed/rss" \
	    "SYSTEM_PROMPT=$top/examples/ml.system.md" "USER_PROMPT=$top/examples/ml.user.md" \
	    "MODEL=gpt-4.1" "BATCH=2" "BASE_URL=http://127.0.0.1:$port/v1" \
	    "CACHE=$run/daily-$how.cache" "SEEN=$run/daily-$how.seen" \
	    "PRICES=$top/examples/prices.txt" "OUT=$run/daily-$how.out" >"$tmp/$how.conf"
	[ $how = file ] && echo "API_KEY_FILE=$tmp/key" >>"$tmp/$how.conf"
	if [ $how = env ]; then
		OPENAI_API_KEY=$secret axdaily -c "$tmp/$how.conf" --date 2026-04-27 -n \
		    >"$run/daily-$how.stdout" 2>"$run/daily-$how.stderr"
	else
		axdaily -c "$tmp/$how.conf" --date 2026-04-27 -n \
		    >"$run/daily-$how.stdout" 2>"$run/daily-$how.stderr"
	fi
	echo $? >"$run/daily-$how.status"
	check "axdaily, key from the $how: the day ran and scored with the key" '
		[ "$(cat "$run/daily-'$how'.status")" -eq 0 ] &&
		[ -s "$run/daily-'$how'.out/2026-04-27/digest.md" ] &&
		jq -e -s "length > 0 and all(.relevance != null)" \
		    "$run/daily-'$how'.out/2026-04-27/scored.jsonl" >/dev/null'
	check "axdaily, key from the $how: the key in none of the run folder, cache, state or output" \
	    "[ -z \"\$(leaks daily-$how)\" ] || { leaks daily-$how; false; }"
done

done_testing
