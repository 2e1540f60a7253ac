#!/bin/sh
# calendar: arXiv's announcement days (axfetch --schedule), the empty-feed
# decision (no announcement: quiet, exit 0; announced but empty: exit 1), and
# axfetch --check (the RSS feed against the API) on tests/feedserver.py.
. "$(dirname "$0")/lib.sh"

d=$data
AX_HOLIDAYS=$top/examples/holidays.txt
export AX_HOLIDAYS
unset AX_NOW
# r ARGS : axfetch into $tmp/out and $tmp/err, its status in $tmp/rc
# (r itself succeeds: the status is for rc to judge)
r() { _s=0; axfetch "$@" >"$tmp/out" 2>"$tmp/err" || _s=$?; echo $_s >"$tmp/rc"; }
rc() { test "$(cat "$tmp/rc")" = "$1"; }
q() { jq -e -s "$1" "$tmp/out" >/dev/null; }
lines() { test "$(tr '\n' ' ' <"$tmp/out")" = "$1"; }

# --- the schedule ----------------------------------------------------------
check 'schedule: Labor Day week 2025, no 2025-09-02 (the real data has none)' '
	r --schedule --from 2025-08-28 --until 2025-09-05 && rc 0 &&
	lines "2025-08-28 2025-08-29 2025-09-01 2025-09-03 2025-09-04 2025-09-05 "'
check 'schedule: a weekend alone prints nothing and exits 1' '
	r --schedule --from 2026-08-01 --until 2026-08-02; rc 1 && test ! -s $tmp/out'
check 'schedule: --holidays wins over AX_HOLIDAYS' '
	printf "2025-09-03 # made up\n" > $tmp/h.txt &&
	r --schedule --holidays $tmp/h.txt --from 2025-09-01 --until 2025-09-05 &&
	lines "2025-09-01 2025-09-03 2025-09-05 "'
mkdir -p "$tmp/tree/bin" "$tmp/tree/examples"
cp "$AXBIN/axfetch" "$tmp/tree/bin/"
cp "$top/examples/holidays.txt" "$tmp/tree/examples/"
check 'schedule: without AX_HOLIDAYS, ../examples/holidays.txt beside the program' '
	env -u AX_HOLIDAYS $tmp/tree/bin/axfetch --schedule --from 2025-09-01 --until 2025-09-03 >$tmp/out &&
	lines "2025-09-01 2025-09-03 " &&
	env -u AX_HOLIDAYS PATH=$tmp/tree/bin:$PATH axfetch --schedule --from 2025-09-01 --until 2025-09-03 >$tmp/out &&
	lines "2025-09-01 2025-09-03 "'
check 'schedule: no holidays file anywhere: the rules alone, every day marked uncertain, and it says so' '
	rm $tmp/tree/examples/holidays.txt &&
	env -u AX_HOLIDAYS $tmp/tree/bin/axfetch --schedule --from 2025-09-01 --until 2025-09-03 >$tmp/out 2>$tmp/err &&
	lines "2025-09-01 2025-09-03 " && grep -q "no holidays file" $tmp/err &&
	grep -qx "axfetch: 2025-09-02: uncertain: no announcement by rule (the day after Labor Day, an arXiv holiday by rule)" $tmp/err &&
	test "$(grep -c ": uncertain: " $tmp/err)" -eq 3'
check 'schedule: 23:30 Friday Eastern (03:30Z Saturday) is Friday, an announcement day' '
	AX_NOW=2026-08-01T03:30:00Z r --schedule && rc 0 && lines "2026-07-31 " &&
	grep -qx "axfetch: 2026-07-31: arXiv announces (Friday)" $tmp/err'
check 'schedule: 00:30 Saturday Eastern: no announcement, nothing printed, exit 1' '
	AX_NOW=2026-08-01T04:30:00Z r --schedule; rc 1 && test ! -s $tmp/out &&
	grep -qx "axfetch: 2026-08-01: arXiv does not announce (Saturday)" $tmp/err'
check 'schedule: the machine'"'"'s time zone does not matter' '
	for z in Asia/Tokyo America/Los_Angeles UTC; do
		TZ=$z AX_NOW=2026-08-01T03:30:00Z axfetch --schedule 2>/dev/null | grep -qx 2026-07-31 || exit 1
		! TZ=$z AX_NOW=2026-08-01T04:30:00Z axfetch --schedule 2>/dev/null || exit 1
	done'
check 'schedule: AX_NOW with an offset, 23:30 and 00:30 Eastern' '
	AX_NOW=2026-07-31T23:30:00-04:00 r --schedule && lines "2026-07-31 " &&
	AX_NOW=2026-08-01T00:30:00-04:00 r --schedule; rc 1'
check 'schedule: 23:30 Sunday Eastern is not one, 00:30 Monday is (EST in winter)' '
	AX_NOW=2025-12-08T04:30:00Z r --schedule; rc 1 &&
	AX_NOW=2025-12-08T05:30:00Z r --schedule && lines "2025-12-08 "'
check 'schedule: the day after a holiday is not one' '
	AX_NOW=2025-09-02T16:00:00Z r --schedule; rc 1 &&
	grep -q "2025-09-02: arXiv does not announce (an arXiv holiday)" $tmp/err'
check_fail 'schedule: a missing holidays file is a usage error' 2 \
	'axfetch --schedule --holidays $tmp/none.txt'
check_fail 'schedule: a bad holidays line is a usage error' 2 \
	'printf "2025-13-01\n" > $tmp/bad.txt; axfetch --schedule --holidays $tmp/bad.txt'
check_fail 'schedule: --until before --from' 2 'axfetch --schedule --from 2025-09-05 --until 2025-09-01'
check_fail 'schedule: no categories' 2 'axfetch --schedule cs.LG'
check_fail 'schedule: --until alone' 2 'axfetch --schedule --until 2025-09-01'

# --- a calendar without silent cliffs (issue 12) ----------------------------
# rules alone: AX_HOLIDAYS is the shipped file, 2025-09-01..2026-12-25
check 'schedule: Thanksgiving week 2024, outside the holidays file: the rule leaves out the Friday, each day marked' '
	r --schedule --from 2024-11-25 --until 2024-12-01 && rc 0 &&
	lines "2024-11-25 2024-11-26 2024-11-27 2024-11-28 " &&
	grep -qx "axfetch: 2024-11-29: uncertain: no announcement by rule (the day after Thanksgiving, an arXiv holiday by rule)" $tmp/err &&
	grep -qx "axfetch: 2024-11-27: uncertain: announces by rule (Wednesday)" $tmp/err &&
	test "$(grep -c ": uncertain: " $tmp/err)" -eq 5 &&
	grep -qx "axfetch: the days marked uncertain are outside the holidays file'"'"'s 2025-09-01..2026-12-25: arXiv'"'"'s holidays there follow the rules of axfetch(1), not its published schedule" $tmp/err'
check 'schedule: inside the holidays file nothing is marked' '
	r --schedule --from 2025-11-24 --until 2025-11-30 && rc 0 &&
	lines "2025-11-24 2025-11-25 2025-11-26 2025-11-27 " && test ! -s $tmp/err'
check 'schedule: the day after Thanksgiving 2027, today: no announcement, uncertain, exit 1' '
	AX_NOW=2027-11-26T15:00:00Z r --schedule; rc 1 && test ! -s $tmp/out &&
	grep -qx "axfetch: 2027-11-26: arXiv does not announce (the day after Thanksgiving, an arXiv holiday by rule; uncertain: outside the holidays file'"'"'s 2025-09-01..2026-12-25)" $tmp/err'
check 'schedule: an ordinary day of 2027, today: announces, uncertain, exit 0' '
	AX_NOW=2027-03-10T15:00:00Z r --schedule && rc 0 && lines "2027-03-10 " &&
	grep -qx "axfetch: 2027-03-10: arXiv announces (Wednesday; uncertain: outside the holidays file'"'"'s 2025-09-01..2026-12-25)" $tmp/err'
check 'empty feed: the day after Thanksgiving 2024 and 2027 (the case): not announced by rule, exit 0' '
	r -f $d/handmade-rss-empty-2024-11-29.xml && rc 0 && test ! -s $tmp/out &&
	grep -qx "axfetch: $d/handmade-rss-empty-2024-11-29.xml: no records: arXiv did not announce on 2024-11-29 (the day after Thanksgiving, an arXiv holiday by rule)" $tmp/err &&
	r -f $d/handmade-rss-empty-2027-11-26.xml && rc 0 &&
	grep -q "did not announce on 2027-11-26 (the day after Thanksgiving, an arXiv holiday by rule)" $tmp/err'
# dated FEED DAY: the empty feed dated DAY (YYYY-MM-DD), a weekday
dated() {
	_rfc=$(python3 -c 'import sys, datetime; print(datetime.date.fromisoformat(sys.argv[1]).strftime("%a, %d %b %Y"))' "$1")
	sed "s/Fri, 29 Nov 2024/$_rfc/" $d/handmade-rss-empty-2024-11-29.xml > $tmp/e-$1.xml
}
while read -r feed why; do
	check "empty feed: $feed, $why by rule, exit 0" '
		dated $feed && r -f $tmp/e-$feed.xml && rc 0 &&
		grep -q "arXiv did not announce on $feed (the day after $why, an arXiv holiday by rule)" $tmp/err'
done <<'EOF2'
2031-01-02 New Year's Day
2031-05-27 Memorial Day
2031-06-20 Juneteenth
2030-07-05 Independence Day
2027-07-06 Independence Day
2031-09-02 Labor Day
2031-11-28 Thanksgiving
2031-12-26 Christmas Day
2024-12-26 Christmas Day
2022-12-27 Christmas Day
2023-01-03 New Year's Day
EOF2
check 'empty feed: Juneteenth before it was a holiday (2020) is an ordinary, uncertain day: noted, exit 0' '
	dated 2020-06-22 && dated 2020-06-19 && r -f $tmp/e-2020-06-19.xml && rc 0 &&
	grep -q "no records on 2020-06-19 (Friday): the calendar cannot tell whether arXiv announced (outside the holidays file'"'"'s 2025-09-01..2026-12-25, by rule only): not counted as a failure" $tmp/err'
check 'empty feed: an ordinary day outside the holidays file: the calendar cannot tell, noted, exit 0' '
	dated 2027-03-10 && r -f $tmp/e-2027-03-10.xml && rc 0 &&
	grep -qx "axfetch: $tmp/e-2027-03-10.xml: no records on 2027-03-10 (Wednesday): the calendar cannot tell whether arXiv announced (outside the holidays file'"'"'s 2025-09-01..2026-12-25, by rule only): not counted as a failure" $tmp/err &&
	dated 2024-03-13 && r -f $tmp/e-2024-03-13.xml && rc 0 && grep -q "cannot tell" $tmp/err'
check 'empty feed: an ordinary day inside the holidays file is still a failure, exit 1' '
	dated 2026-03-11 && r -f $tmp/e-2026-03-11.xml; rc 1 &&
	grep -q "arXiv announced on 2026-03-11 (Wednesday) but the feed is empty" $tmp/err'
check 'empty feed: no holidays file at all: every empty weekday noted, exit 0' '
	dated 2026-03-11 && env -u AX_HOLIDAYS $tmp/tree/bin/axfetch -f $tmp/e-2026-03-11.xml 2>$tmp/err &&
	grep -q "cannot tell whether arXiv announced (no holidays file, by rule only)" $tmp/err'
check 'the shipped holidays file and the rules give the same announcement days' '
	axfetch --schedule --from 2025-08-25 --until 2027-01-08 > $tmp/file.txt 2>/dev/null &&
	axfetch --schedule --holidays /dev/null --from 2025-08-25 --until 2027-01-08 > $tmp/rules.txt 2>/dev/null &&
	cmp $tmp/file.txt $tmp/rules.txt && test "$(wc -l < $tmp/file.txt)" -eq 353'

# --- empty feeds, dated by the feed itself ----------------------------------
check 'empty feed: Saturday (real), exit 0 and the reason' '
	r -f $d/rss-cs.CL-2026-08-01-saturday-empty.xml && test ! -s $tmp/out &&
	grep -q "no records: arXiv did not announce on 2026-08-01 (Saturday)" $tmp/err'
check 'empty feed: the day after a holiday, exit 0' '
	r -f $d/handmade-rss-empty-2025-09-02-holiday.xml &&
	grep -q "arXiv did not announce on 2025-09-02 (an arXiv holiday)" $tmp/err'
check 'empty feed: an announcement day, exit 1 and says so' '
	r -f $d/handmade-rss-empty-2025-09-03.xml; rc 1 &&
	grep -q "arXiv announced on 2025-09-03 (Wednesday) but the feed is empty" $tmp/err'
check 'empty feed: the feed date wins over the clock' '
	AX_NOW=2025-09-03T12:00:00Z r -f $d/rss-cs.CL-2026-08-01-saturday-empty.xml && rc 0'
check 'records carry the announcement date as published' '
	r -f $d/rss-cs.LG-2026-04-27-3items.xml && q "length > 0 and all(.published == \"2026-04-27\")"'

# --- the network: a feed without a date falls back on the clock --------------
log=$tmp/server.log
server feedserver --log "$log" --lifetime 100
u=http://127.0.0.1:$port
o="--delay 0 --retries 0 --rss-url $u/rss --api-url $u/api/query"
check 'rss: empty undated feed at 23:30 Friday Eastern: announced, exit 1' '
	AX_NOW=2026-08-01T03:30:00Z r $o cs.HO; rc 1 &&
	grep -q "rss:cs.HO: no records: arXiv announced on 2026-07-31 (Friday) but the feed is empty" $tmp/err'
check 'rss: empty undated feed at 00:30 Saturday Eastern: no announcement, exit 0' '
	AX_NOW=2026-08-01T04:30:00Z r $o cs.HO && rc 0 &&
	grep -q "rss:cs.HO: no records: arXiv did not announce on 2026-08-01 (Saturday)" $tmp/err'
check 'rss: the real Saturday feed over the network, exit 0' '
	AX_NOW=2026-08-03T12:00:00Z r $o cs.CL && rc 0'

# --- completeness -----------------------------------------------------------
check 'check: a paper the feed lacks is added from the API, exit 1' '
	: > $log; r --check $o cs.LG; rc 1 &&
	q "map(.id) == [\"2604.21952\", \"2604.21953\", \"2604.21956\", \"1707.08567\"]" &&
	q ".[3] | .source == \"api\" and .announce == \"cross\" and .published == \"2026-04-27\"" &&
	grep -q "rss:cs.LG: 1707.08567: in the API listing, not in the feed: added" $tmp/err &&
	grep -q "rss:cs.LG: 2604.21956: in the feed, not in the API listing" $tmp/err'
check 'check: the API window is Thursday 14:00 to Friday 13:59 EDT for a Monday feed' '
	grep -q "submittedDate%3A%5B202604231800%20TO%20202604241759%5D" $log &&
	test "$(wc -l < $log)" -eq 2'
check 'check: a Saturday feed is not checked, exit 0' '
	: > $log; r --check $o cs.CL && rc 0 && test ! -s $tmp/out && test "$(wc -l < $log)" -eq 1'
check 'check: an empty feed on an announcement day, window across the holiday, exit 1' '
	: > $log; r --check $o cs.DL; rc 1 &&
	grep -q "submittedDate%3A%5B202508291800%20TO%20202509021759%5D" $log'
check_fail 'check: with --schedule is a usage error' 2 'axfetch --check --schedule cs.LG'

# --- a past announcement from the API (catch-up) ------------------------------
check 'api --announced: the window of the announcement, records dated and typed as the feed would' '
	: > $log; r --api --announced 2026-04-27 $o cs.LG && rc 0 &&
	grep -q "submittedDate%3A%5B202604231800%20TO%20202604241759%5D" $log &&
	q "map(.id) == [\"2604.21952\", \"2604.21953\", \"1707.08567\"] and all(.published == \"2026-04-27\")" &&
	q "map(.announce) == [\"new\", \"new\", \"cross\"]"'
check 'api --announced: a Saturday asks nothing and exits 0' '
	: > $log; r --api --announced 2026-08-01 $o cs.LG && rc 0 && test ! -s $log && test ! -s $tmp/out &&
	grep -q "arXiv did not announce on 2026-08-01 (Saturday)" $tmp/err'
check 'api --announced: nothing listed for an announcement day exits 1' '
	r --api --announced 2025-09-03 $o cs.DL; rc 1 && grep -q "but the API lists no paper" $tmp/err'
check_fail 'api --announced: not with --from' 2 'axfetch --api --announced 2026-04-27 --from 2026-04-27 cs.LG'

# --- the pipeline (axdaily): the day's key, unscored papers, catch-up ---------
ex=$top/examples
AX_PRICES=$ex/prices.txt
export AX_PRICES
conf() {	# conf FILE KEY=VALUE...: a config with one key a line
	_f=$1
	shift
	printf '%s\n' "$@" >"$_f"
}
mkdir -p "$tmp/llm"
cp "$data/handmade-scored-2026-04-27.json" "$tmp/llm/scored-handmade.json"
printf 'sk-test\n' >"$tmp/key"
chmod 600 "$tmp/key"
# the first three requests fail with HTTP 500: with one retry, one of the
# two requests (two papers and one paper: which one depends on the backoff's
# jitter) never succeeds and the other does
server llmserver --data "$tmp/llm" --log "$tmp/llm.log" --fault 500 --faults 3
llm=http://127.0.0.1:$port/v1
conf "$tmp/half.conf" 'CATEGORIES=cs.LG' "FEED_URL=$u/rss" \
	"SYSTEM_PROMPT=$ex/ml.system.md" "USER_PROMPT=$ex/ml.user.md" \
	'MODEL=gpt-4.1' 'BATCH=2' 'JOBS=1' 'RETRIES=1' "BASE_URL=$llm" "API_KEY_FILE=$tmp/key" \
	'CACHE=none' "PRICES=$ex/prices.txt" "OUT=$tmp/half"
hr=$tmp/half/2026-04-27
check 'axdaily: retries exhausted for half the papers: the run fails at the end' '
	exits 1 axdaily -c $tmp/half.conf --date 2026-04-27 -n >$tmp/out 2>$tmp/err &&
	test $(wc -l <$tmp/err) -eq 1 &&
	grep -qx "axdaily: 2026-04-27: score: [12] papers\{0,1\} unscored: .*; the digest says so; log in $hr/axdaily.log" $tmp/err'
check 'axdaily: ... after writing the digest, which says so' '
	n=$(jq .unscored $hr/fates.json) &&
	grep -qx "\*\*Warning:\*\* Not scored: $n papers\{0,1\}. Fates: $((3 - n)) selected, 0 below the cutoffs, $n unscored, 0 over budget, 0 dropped by filters (announce 0, dedupe 0)." $hr/digest.md &&
	grep -qx "Total relevant papers: $((3 - n))" $hr/digest.md && grep -q "class=\"warning\"" $hr/digest.html'
check 'axdaily: fates.json and stats.json hold the counts' '
	jq -e "(.unscored == 1 or .unscored == 2) and .selected + .unscored == 3 and .below_cutoff == 0 and .over_budget == 0 and .dropped == {announce: 0, dedupe: 0}" $hr/fates.json &&
	jq -e --slurpfile f $hr/fates.json ".fates == \$f[0]" $hr/stats.json &&
	test "$(jq -s "map(select(.error)) | length" $hr/scored.jsonl)" = "$(jq .unscored $hr/fates.json)"'

conf "$tmp/cu.conf" 'CATEGORIES=cs.LG' "FEED_URL=$u/rss" "API_URL=$u/api/query" \
	"SYSTEM_PROMPT=$ex/ml.system.md" "USER_PROMPT=$ex/ml.user.md" \
	'PROVIDER=local' 'CACHE=none' "PRICES=$ex/prices.txt" "OUT=$tmp/cu"
check 'axdaily: no --date on a Saturday: the note, exit 0, no folder' '
	AX_NOW=2026-08-01T16:00:00Z axdaily -c $tmp/cu.conf -n >$tmp/out &&
	grep -qx "2026-08-01: arXiv does not announce (Saturday)" $tmp/out && test ! -d $tmp/cu/2026-08-01'
check 'axdaily: no --date at 00:30 Monday Eastern files the feed under Monday' '
	AX_NOW=2026-04-27T04:30:00Z axdaily -c $tmp/cu.conf -n -q && test -s $tmp/cu/2026-04-27/digest.md'
check 'axdaily: a feed dated another day is not filed under the clock'"'"'s day (exit 1)' '
	exits 1 env AX_NOW=2026-04-28T16:00:00Z axdaily -c $tmp/cu.conf -n 2>$tmp/err &&
	grep -q "the feed is the announcement of 2026-04-27, not of 2026-04-28" $tmp/err &&
	test ! -f $tmp/cu/2026-04-28/digest.md && cmp -s $tmp/cu/2026-04-27/fetched.jsonl $tmp/cu/2026-04-28/fetched.jsonl.2026-04-27'
for d in 2026-04-20 2026-04-22 2026-04-24; do
	mkdir -p "$tmp/cu/$d" && echo "# made before" >"$tmp/cu/$d/digest.md"
done
check 'catch-up: a week with two missing days makes those two from the API' '
	: > $log; AX_NOW=2026-04-25T16:00:00Z axdaily -c $tmp/cu.conf --catch-up --since 2026-04-20 -n >$tmp/out &&
	grep -qx "catch-up since 2026-04-20: 2 days made, 0 failed" $tmp/out &&
	test -s $tmp/cu/2026-04-21/digest.md && test -s $tmp/cu/2026-04-23/digest.md &&
	test "$(cat $tmp/cu/2026-04-22/digest.md)" = "# made before" &&
	test "$(grep -c "^- /api/query" $log)" -eq 2 &&
	grep -q "submittedDate%3A%5B202604171800%20TO%20202604201759%5D" $log &&
	grep -q "submittedDate%3A%5B202604211800%20TO%20202604221759%5D" $log'
check 'catch-up: the days are filed under their announcement dates' '
	jq -e -s "length > 0 and all(.published == \"2026-04-21\" and .source == \"api\")" $tmp/cu/2026-04-21/fetched.jsonl &&
	head -n 1 $tmp/cu/2026-04-23/digest.md | grep -qx "# Personalized Daily ArXiv Papers 2026-04-23"'
check 'catch-up: again (the newest digest is 2026-04-27), nothing to do' '
	AX_NOW=2026-04-25T16:00:00Z axdaily -c $tmp/cu.conf --catch-up -n >$tmp/out &&
	grep -qx "catch-up since 2026-04-27: 0 days made, 0 failed" $tmp/out'
check 'catch-up: today'"'"'s day comes from the feed' '
	rm -rf $tmp/cu/2026-04-27 && AX_NOW=2026-04-27T16:00:00Z axdaily -c $tmp/cu.conf --catch-up -n -q &&
	jq -e -s "length > 0 and all(.source == \"rss:cs.LG\")" $tmp/cu/2026-04-27/fetched.jsonl'
check_fail 'catch-up: a day that fails makes the catch-up fail' 1 '
	rm -rf $tmp/cu/2026-04-27 && AX_NOW=2026-04-27T16:00:00Z axdaily -c $tmp/cu.conf --catch-up --since 2026-04-24 -n -q --set CATEGORIES=cs.DL'
check_fail 'catch-up: not with --date' 2 'axdaily -c $tmp/cu.conf --catch-up --date 2026-04-27'
check_fail 'catch-up: no earlier digest and no --since' 2 'axdaily -c $tmp/cu.conf --catch-up --set OUT=$tmp/none'

done_testing
