#!/bin/sh
# axfilter: which papers each option keeps and drops, on real records; the seen
# file across runs and under overlapping runs; author names across spellings.
. "$(dirname "$0")/lib.sh"
seed=$data/filter-seed-2025-09-10.jsonl
d28=$data/filter-scored-2025-07-28.jsonl
d29=$data/filter-scored-2025-07-29.jsonl
ann=$data/handmade-announce.jsonl
authors=$data/handmade-authors.txt
cat "$d28" "$d29" >"$tmp/days.jsonl"
days=$tmp/days.jsonl
ids() { jq -r .id | tr '\n' ' ' | sed 's/ $//'; }

# pass-through: records unchanged, written compact; compact lines copied byte for byte
jq -c . "$seed" >"$tmp/seed.compact"
check_out 'no options: the seed records, compact' "$tmp/seed.compact" "axfilter '$seed'"
check_out 'compact input comes out byte for byte' "$days" "axfilter '$days'"
check 'nothing dropped, nothing said' "axfilter '$days' 2>&1 >/dev/null | wc -c | grep -qx 0"
printf '%s\n' '{"id":"x1","my_note":{"seen_by":["me"],"n":1},"relevance":9,"x":null}' >"$tmp/unknown.jsonl"
check_out 'unknown keys, nested objects too, pass through' "$tmp/unknown.jsonl" "axfilter --min-relevance 7 '$tmp/unknown.jsonl'"

# the fast path (lines already compact, judged without json-c) and json-c agree;
# --exclude turns the fast path off
cat "$days" "$seed" "$tmp/unknown.jsonl" "$days" >"$tmp/mixed.jsonl"
printf '%s\n' '{"id":"\u00e9t\u00e9","relevance":8,"score":9}' '{"id":"x2","relevance":7.5,"score":-0}' >>"$tmp/mixed.jsonl"
for o in '--min-relevance 7 --min-novelty 7' '--sort' '--dedupe --top 9' '--drop-errors --min-score 12'; do
	axfilter $o --exclude xyzzy-never "$tmp/mixed.jsonl" >"$tmp/want" 2>"$tmp/want.err"
	check_out "fast path = json-c: $o" "$tmp/want" "axfilter $o '$tmp/mixed.jsonl'"
	check "fast path = json-c: $o, the counts" "axfilter $o '$tmp/mixed.jsonl' 2>&1 >/dev/null | cmp - '$tmp/want.err'"
done

# --announce
check "--announce new,cross" "test \"\$(axfilter --announce new,cross '$ann' | ids)\" = '0704.0001 0704.0002 0704.0005 0704.0006 0704.0009 0704.0010 0704.0013 0704.0014'"
check "--announce counts on stderr" "axfilter --announce new,cross '$ann' 2>&1 >/dev/null | grep -qx 'axfilter: dropped 8 (announce 8)'"
check "--announce replace" "test \"\$(axfilter --announce replace '$ann' | ids)\" = '0704.0003 0704.0007 0704.0011 0704.0015'"
check "--announce: a paper without announce passes" "test \"\$(jq -c 'del(.announce)' '$ann' | axfilter --announce new | wc -l)\" -eq 16"
check_fail "--announce with an unknown type exits 2" 2 "axfilter --announce new,old '$ann'"

# --category, --primary
check "--category math.CO: any category" "test \"\$(axfilter --category math.CO '$ann' | ids)\" = '0704.0002 0704.0004 0704.0010'"
check "--category cs.CG --primary: cs.CG is only a cross-list" "test \"\$(axfilter --category cs.CG '$ann' | ids)\" = '0704.0002' && test \$(axfilter --category cs.CG --primary '$ann' | wc -l) -eq 0"
check "--category math.CO --primary" "test \"\$(axfilter --category math.CO --primary '$ann' | ids)\" = '0704.0002 0704.0004 0704.0010'"
check "--category math: the whole archive" "test \"\$(axfilter --category math '$ann' | ids)\" = '0704.0002 0704.0004 0704.0005 0704.0010 0704.0011 0704.0012 0704.0013 0704.0014'"
check "--category hep-ph,gr-qc" "test \"\$(axfilter --category hep-ph,gr-qc '$ann' | ids)\" = '0704.0001 0704.0007 0704.0016'"
check "--category math.C does not match math.CO" "test \"\$(axfilter --category math.C '$ann' | wc -l)\" -eq 0"
check_fail "--primary without --category exits 2" 2 "axfilter --primary '$ann'"

# --dedupe
check_out "--dedupe keeps the first record of each id" "$tmp/seed.compact" "cat '$seed' '$seed' | axfilter --dedupe"
check "--dedupe counts" "cat '$seed' '$seed' | axfilter --dedupe 2>&1 >/dev/null | grep -qx 'axfilter: dropped 20 (dedupe 20)'"

# --seen: two days, the second run drops what the first delivered
st=$tmp/state/seen
mkdir -p "$tmp/state"
check "--seen creates a missing file" "axfilter --seen '$st' '$d28' >'$tmp/r1' && test -f '$st'"
check "--seen: first run delivers all 4" "test \$(wc -l <'$tmp/r1') -eq 4"
check "--seen: the file holds their ids in output order" "test \"\$(cat '$st' | tr '\n' ' ')\" = '2507.18685 2507.18912 2507.18699 2507.19312 '"
check "--seen: the second run drops them" "axfilter --seen '$st' '$d28' '$d29' 2>'$tmp/r2.err' >'$tmp/r2' && grep -qx 'axfilter: dropped 4 (seen 4)' '$tmp/r2.err'"
check_out "--seen: the second run delivers the new day" "$d29" "cat '$tmp/r2'"
check "--seen: the file now holds 105 ids, old ones first" "test \$(wc -l <'$st') -eq 105 && head -4 '$st' | tr '\n' ' ' | grep -qx '2507.18685 2507.18912 2507.18699 2507.19312 ' && test \"\$(sort -u '$st' | wc -l)\" -eq 105"
check "--seen adds only papers that pass every option" "axfilter --seen '$tmp/state/kept' --min-relevance 9 '$days' | jq -r .id >'$tmp/kept' && cmp '$tmp/kept' '$tmp/state/kept' && test \$(wc -l <'$tmp/kept') -eq \$(jq 'select(.relevance >= 9)' -c '$days' | wc -l)"
check "--seen with --top adds only the papers kept" "axfilter --seen '$tmp/state/top' --sort --top 3 '$days' | jq -r .id >'$tmp/top' && cmp '$tmp/top' '$tmp/state/top'"
check "--seen keeps the file's mode" "chmod 640 '$st' && axfilter --seen '$st' '$seed' >/dev/null && test \"\$(stat -c %a '$st')\" = 640"

# overlapping runs: the second waits for the first's lock, so no id goes out twice
ov=$tmp/state/overlap
check "--seen: overlapping runs take turns" "{ (sleep 1; cat '$d29') | axfilter --seen '$ov' >'$tmp/a' & sleep 0.3; axfilter --seen '$ov' '$d29' >'$tmp/b'; wait; } && test \$(cat '$tmp/a' '$tmp/b' | wc -l) -eq 101 && test \$(wc -l <'$ov') -eq 101"
split -l 26 "$d29" "$tmp/part."
check "--seen: four runs at once lose no update" "for p in '$tmp'/part.*; do axfilter --seen '$tmp/state/four' \"\$p\" >/dev/null & done; wait; test \"\$(sort -u '$tmp/state/four' | wc -l)\" -eq 101 && test \$(wc -l <'$tmp/state/four') -eq 101"

# cutoffs: the same selection as jq's
jq -c 'select(.relevance >= 7 and .novelty >= 7)' "$days" >"$tmp/want"
check_out "--min-relevance 7 --min-novelty 7 as jq selects" "$tmp/want" "axfilter --min-relevance 7 --min-novelty 7 '$days'"
check "--min-relevance --min-novelty counts each drop once, first option first" "axfilter --min-relevance 7 --min-novelty 7 '$days' 2>&1 >/dev/null | grep -qx 'axfilter: dropped $(( 105 - $(wc -l <"$tmp/want") )) (relevance $(jq -c 'select(.relevance < 7)' "$days" | wc -l), novelty $(jq -c 'select(.relevance >= 7 and .novelty < 7)' "$days" | wc -l))'"
jq -c 'select(.score >= 15)' "$days" >"$tmp/want"
check_out "--min-score 15 as jq selects" "$tmp/want" "axfilter --min-score 15 '$days'"
check "--min-relevance: a paper without relevance passes" "printf '%s\n' '{\"id\":\"a\"}' | axfilter --min-relevance 9 | grep -q '\"a\"'"

# --sort, --top, --top-percent, --by
jq -s -c 'sort_by(-.score, -.relevance)[]' "$days" >"$tmp/want"
check_out "--sort: score, then relevance, descending, stable (as jq's sort_by)" "$tmp/want" "axfilter --sort '$days'"
check "--sort: ties stay in input order" "test \"\$(axfilter --sort '$days' | jq -r 'select(.score == 15 and .relevance == 8) | .id' | tr '\n' ' ')\" = \"\$(jq -r 'select(.score == 15 and .relevance == 8) | .id' '$days' | tr '\n' ' ')\""
check "--sort --top 5" "test \"\$(axfilter --sort --top 5 '$days' | ids)\" = \"\$(jq -s -c 'sort_by(-.score, -.relevance)[:5][]' '$days' | ids)\""
check "--top 5 without --sort: the best 5, in input order" "test \"\$(axfilter --top 5 '$days' | ids)\" = \"\$(jq -s -c 'to_entries | sort_by(-.value.score, -.value.relevance)[:5] | sort_by(.key)[] | .value' '$days' | ids)\""
check "--top-percent 10 of 105 keeps 11 (rounded up)" "test \$(axfilter --top-percent 10 '$days' 2>'$tmp/tp.err' | wc -l) -eq 11 && grep -qx 'axfilter: dropped 94 (top 94)' '$tmp/tp.err'"
check "--top-percent 0 keeps none, 100 keeps all" "test \$(axfilter --top-percent 0 '$days' | wc -l) -eq 0 && test \$(axfilter --top-percent 100 '$days' | wc -l) -eq 105"
jq -c 'if (.id | test("[02468]$")) then .local_score = (.relevance * 3 % 7) else . end' "$days" >"$tmp/local.jsonl"
check "--by KEY: ranks by that key; papers without it rank last" "test \"\$(axfilter --sort --by local_score '$tmp/local.jsonl' | ids)\" = \"\$(jq -s -c 'sort_by(if has(\"local_score\") then 0 else 1 end, -(.local_score // 0), -.relevance)[]' '$tmp/local.jsonl' | ids)\""
check "--top-percent 40 --by local_score" "test \"\$(axfilter --top-percent 40 --by local_score '$tmp/local.jsonl' | ids)\" = \"\$(jq -s -c 'to_entries | sort_by(if .value | has(\"local_score\") then 0 else 1 end, -(.value.local_score // 0), -.value.relevance)[:42] | sort_by(.key)[] | .value' '$tmp/local.jsonl' | ids)\""
check_fail "--top-percent 150 exits 2" 2 "axfilter --top-percent 150 '$days'"

# --match, --exclude: POSIX ERE, any case, title and abstract
jq -c 'select((.title + " " + .abstract) | test("dark matter|dwarf galax"; "i"))' "$days" >"$tmp/want"
check_out "--match 'dark matter|dwarf galax' as jq's test" "$tmp/want" "axfilter --match 'dark matter|dwarf galax' '$days'"
check "--match keeps some and drops some" "test \$(wc -l <'$tmp/want') -gt 5 && test \$(wc -l <'$tmp/want') -lt 100"
jq -c 'select((.title + " " + .abstract) | test("black holes?"; "i") | not)' "$days" >"$tmp/want"
check_out "--exclude 'BLACK HOLES?' as jq's test" "$tmp/want" "axfilter --exclude 'BLACK HOLES?' '$days'"
check "--match twice: either" "test \$(axfilter --match '^The long-term' --match 'gravitational waves' '$days' | wc -l) -eq \$(jq -c 'select(((.title + \" \" + .abstract) | test(\"gravitational waves\"; \"i\")) or (.title | startswith(\"The long-term\")))' '$days' | wc -l)"
check_fail "--match with a bad expression exits 2" 2 "axfilter --match 'a(' '$days'"

# --authors: TeX, UTF-8, initials, "Last, First"
check "--authors: the papers of followed authors" "test \"\$(axfilter --authors '$authors' '$days' | jq -r 'select(.reason == \"Author match\") | .id' | sort | tr '\n' ' ')\" = '2507.18685 2507.18699 2507.19585 2507.19625 2507.19706 2507.20555 2507.20684 2507.20986 '"
check "--authors: the near miss P. Sanchez is not S\\'anchez-Bl\\'azquez" "axfilter --authors '$authors' '$days' | jq -r 'select(.id == \"2507.20744\") | .reason' | grep -vqx 'Author match'"
check "--authors: score 20, other keys unchanged" "axfilter --authors '$authors' '$days' | jq -c 'select(.id == \"2507.19585\")' | jq -e '.score == 20 and .relevance != null' >/dev/null && test \"\$(axfilter --authors '$authors' '$days' | jq -c 'select(.id == \"2507.19585\") | del(.score, .reason)')\" = \"\$(jq -c 'select(.id == \"2507.19585\") | del(.score, .reason)' '$days')\""
check "--author-score 25" "axfilter --authors '$authors' --author-score 25 '$days' | jq -r 'select(.id == \"2507.20986\") | .score' | grep -qx 25"
check "--authors: followed authors pass the cutoffs" "test \$(axfilter --authors '$authors' --min-relevance 11 '$days' | wc -l) -eq 8"
check "--authors --sort: followed authors lead" "test \"\$(axfilter --authors '$authors' --sort '$days' | head -8 | jq -r .reason | sort -u)\" = 'Author match'"

# --drop-errors
jq -c 'if .id == "2507.19585" or .id == "2507.20986" then del(.relevance, .novelty, .score, .reason) + {"error": "HTTP 429 after 6 attempts"} else . end' "$days" >"$tmp/err.jsonl"
check "--drop-errors" "test \"\$(axfilter --drop-errors '$tmp/err.jsonl' 2>'$tmp/de.err' | wc -l)\" -eq 103 && grep -qx 'axfilter: dropped 2 (error 2)' '$tmp/de.err'"
check "without --drop-errors a failed paper passes" "test \$(axfilter --min-relevance 5 '$tmp/err.jsonl' | grep -c '\"error\"') -eq 2"

# --stats
echo '{"in":32,"out":5,"dropped":{"announce":16,"category":6,"dedupe":5}}' >"$tmp/want"
check_out "--stats: in, out, what each option given dropped" "$tmp/want" "axfilter --announce new,cross --category math --dedupe --stats '$tmp/stats.json' '$ann' '$ann' >/dev/null 2>&1; cat '$tmp/stats.json'"
check "stderr tells the same" "axfilter --announce new,cross --category math --dedupe '$ann' '$ann' 2>&1 >/dev/null | grep -qx 'axfilter: dropped 27 (announce 16, category 6, dedupe 5)'"
# 7 of the 8 followed authors' papers have relevance below 7 and pass all the same
low=$(jq -s '[.[] | select(.relevance < 7)] | length' "$days")
echo "{\"in\":105,\"out\":10,\"dropped\":{\"relevance\":$((low - 7)),\"top\":$((105 - low + 7 - 10))},\"authors\":8}" >"$tmp/want"
check_out "--stats with --authors counts the matches" "$tmp/want" "axfilter --authors '$authors' --min-relevance 7 --sort --top 10 --stats '$tmp/s2.json' '$days' >/dev/null 2>&1; cat '$tmp/s2.json'"

# malformed lines: FILE:LINE, skipped, exit 1
{ head -2 "$d29"; echo '{"id": "broken",'; sed -n 3p "$d29"; } >"$tmp/bad.jsonl"
check_fail "a malformed line: exit 1" 1 "axfilter '$tmp/bad.jsonl'"
check "a malformed line: FILE:LINE on stderr, the rest written" "axfilter '$tmp/bad.jsonl' 2>'$tmp/bad.err' | wc -l | grep -qx 3 && grep -q '^axfilter: $tmp/bad.jsonl:3: invalid JSON' '$tmp/bad.err'"
check_fail "an unreadable authors file exits 2" 2 "axfilter --authors '$tmp/nonesuch' '$days'"

# the title pass of axscore marks papers; --drop-title-filtered drops and counts them
printf '%s\n' '{"id":"a","title_filtered":true}' '{"id":"b","title_filtered":false}' '{"id":"c"}' >"$tmp/titles.jsonl"
check '--drop-title-filtered drops the marked papers (fast and parsed paths), counted' \
	"axfilter --drop-title-filtered '$tmp/titles.jsonl' 2>'$tmp/t.err' | jq -r .id | tr '\n' ' ' | grep -qx 'b c ' &&
	 grep -q 'title_filtered 1' '$tmp/t.err' &&
	 axfilter --drop-title-filtered --exclude zzzz '$tmp/titles.jsonl' 2>/dev/null | jq -r .id | tr '\n' ' ' | grep -qx 'b c '"
check '--seen creates the folders above a new state file' \
	"axfilter --seen '$tmp/state/a/b/seen' '$d28' | wc -l | grep -qx 4 && test \$(wc -l <'$tmp/state/a/b/seen') -eq 4"

# seen files as people have them (tests/data/seen-edited-*, sources in SOURCES.md):
# each line read as ids are read everywhere, the file written back one bare id a line
sp=$data/seen-edited-papers.jsonl
seq -f '2601.%05g' 0 4 >"$tmp/bare5"
seq -f '2601.%05g' 0 9 >"$tmp/bare10"
jq -c 'select(.id >= "2601.00005")' "$sp" >"$tmp/new5"
jq -c . "$sp" >"$tmp/sp.compact"
# seenrun NAME: axfilter --seen on a copy of $tmp/NAME.state; out, err, status beside it
seenrun() {
	cp "$tmp/$1.state" "$tmp/$1.work" &&
	{ axfilter --seen "$tmp/$1.work" ${2:-} "$sp" >"$tmp/$1.out" 2>"$tmp/$1.err"; echo $? >"$tmp/$1.st"; }
}
for v in crlf spaces json; do
	cp "$data/seen-edited-$v.state" "$tmp/$v.state"
	seenrun $v
	check "--seen, a seen file with $v: the five seen papers dropped, the five new delivered" \
		"cmp '$tmp/new5' '$tmp/$v.out' && grep -qx 'axfilter: dropped 5 (seen 5)' '$tmp/$v.err' && test \$(cat '$tmp/$v.st') -eq 0"
	check "--seen, a seen file with $v: written back one bare id a line" "cmp '$tmp/bare10' '$tmp/$v.work'"
done
check '--seen, CRLF and blanks: nothing said but the drops' "test \$(wc -l <'$tmp/crlf.err') -eq 1 && test \$(wc -l <'$tmp/spaces.err') -eq 1"
check '--seen, JSON records for ids: said once, at FILE:LINE' \
	"grep -q '^axfilter: $tmp/json.work:1: a JSON record, not an id: the ids of 5 such lines read' '$tmp/json.err' && test \$(wc -l <'$tmp/json.err') -eq 2"
cp "$tmp/crlf.work" "$tmp/again.state"
seenrun again
check '--seen: a normalised file is left as it was, and the run is quiet' \
	"cmp '$tmp/bare10' '$tmp/again.work' && test \$(wc -l <'$tmp/again.out') -eq 0 && grep -qx 'axfilter: dropped 10 (seen 10)' '$tmp/again.err' && test \$(wc -l <'$tmp/again.err') -eq 1"

# relatives: tabs, a BOM, blank lines, versions, prefixes, URLs, comments, all mixed
printf '\357\273\2772601.00000\r\n\t2601.00001v2\t\r\n\n  \n# delivered 2026-01-05\narXiv:2601.00002\noai:arXiv.org:2601.00003v1\nhttps://arxiv.org/abs/2601.00004v3\nhttp://export.arxiv.org/pdf/2601.00004v3.pdf\n2601.00001 Attention, again\n\r\n' >"$tmp/mixed.state"
seenrun mixed
check '--seen, a mixed seen file (BOM, tabs, CRLF, blank lines, versions, prefixes, URLs): the five dropped' \
	"cmp '$tmp/new5' '$tmp/mixed.out' && grep -qx 'axfilter: dropped 5 (seen 5)' '$tmp/mixed.err' && test \$(wc -l <'$tmp/mixed.err') -eq 1 && test \$(cat '$tmp/mixed.st') -eq 0"
{ sed -n 1,2p "$tmp/bare5"; echo '# delivered 2026-01-05'; sed -n '3,$p' "$tmp/bare10"; } >"$tmp/want"
check_out '--seen, a mixed seen file: written back bare, each id once, the comment kept' "$tmp/want" "cat '$tmp/mixed.work'"
printf '2601.00000\nhello world\n2601.00001\n\n2601.0002\n2601.00002\n' >"$tmp/bad.state"
seenrun bad
check '--seen: a line with no arXiv id is named as FILE:LINE, exit 1' \
	"test \$(cat '$tmp/bad.st') -eq 1 && grep -qx 'axfilter: $tmp/bad.work:2: not an arXiv id: hello world' '$tmp/bad.err' && grep -qx 'axfilter: $tmp/bad.work:5: not an arXiv id: 2601.0002' '$tmp/bad.err'"
check '--seen: the ids around it still count, and the line is kept for its owner to mend' \
	"grep -qx 'axfilter: dropped 3 (seen 3)' '$tmp/bad.err' && printf '2601.00000\nhello world\n2601.00001\n2601.0002\n2601.00002\n2601.00003\n2601.00004\n2601.00005\n2601.00006\n2601.00007\n2601.00008\n2601.00009\n' | cmp - '$tmp/bad.work'"
printf '2601.00000 2601.00001, arXiv:2601.00002;2601.00003v2 # 2601.00004 comes later\n' >"$tmp/line.state"
seenrun line
check '--seen: several ids on a line, by blanks, commas or semicolons, up to a #' \
	"grep -qx 'axfilter: dropped 4 (seen 4)' '$tmp/line.err' && test \$(cat '$tmp/line.st') -eq 0 && { sed -n 1,4p '$tmp/bare5'; sed -n '5,\$p' '$tmp/bare10'; } | cmp - '$tmp/line.work'"
for enc in UTF-16LE UTF-16BE; do
	{ if [ $enc = UTF-16LE ]; then printf '\377\376'; else printf '\376\377'; fi
	  printf '2601.00000\r\n2601.00001\r\n# r\303\251sum\303\251\r\n2601.00002\r\n2601.00003\r\n2601.00004\r\n' | iconv -f UTF-8 -t $enc; } >"$tmp/u16.state"
	seenrun u16
	check "--seen: a seen file in $enc (Windows Notepad's Unicode) is read, said once, written back as UTF-8" \
		"cmp '$tmp/new5' '$tmp/u16.out' && grep -qx 'axfilter: $tmp/u16.work: $enc, read and written back as UTF-8' '$tmp/u16.err' &&
		 { sed -n 1,2p '$tmp/bare5'; printf '# r\303\251sum\303\251\n'; sed -n '3,\$p' '$tmp/bare10'; } | cmp - '$tmp/u16.work'"
done
printf '\377\376\0\330' >"$tmp/u16bad.state"
seenrun u16bad
check '--seen: UTF-16 that cannot be read: exit 1, said, the file left as it was' \
	"test \$(cat '$tmp/u16bad.st') -eq 1 && grep -q 'u16bad.work: UTF-16LE that cannot be read at byte 2' '$tmp/u16bad.err' && cmp '$tmp/u16bad.state' '$tmp/u16bad.work' && test ! -s '$tmp/u16bad.out'"
awk 'BEGIN { for (i = 0; i < 25; i++) print "id" i }' >"$tmp/many.state"
seenrun many
check '--seen: a file of other ids names the first ten lines, counts the rest' \
	"test \$(cat '$tmp/many.st') -eq 1 && test \$(grep -c 'not an arXiv id' '$tmp/many.err') -eq 10 && grep -qx 'axfilter: $tmp/many.work: 15 more lines that are not arXiv ids' '$tmp/many.err' && test \$(wc -l <'$tmp/many.out') -eq 10"
cp "$sp" "$tmp/records.state"
seenrun records
check '--seen: a file of paper records (another run'"'"'s output) drops them all, said at line 1' \
	"test \$(wc -l <'$tmp/records.out') -eq 0 && grep -q '^axfilter: $tmp/records.work:1: a JSON record' '$tmp/records.err' && cmp '$tmp/bare10' '$tmp/records.work'"
cp "$tmp/mixed.state" "$tmp/slow.state"
seenrun slow '--exclude xyzzy-never'
check '--seen: the json-c path reads the seen file and judges the same' "cmp '$tmp/mixed.out' '$tmp/slow.out' && cmp '$tmp/mixed.work' '$tmp/slow.work'"

# the papers' ids are read the same way: versions, prefixes, URLs
jq -c '.id |= (if . == "2601.00001" then "arXiv:2601.00001v2" elif . == "2601.00002" then "https://arxiv.org/abs/2601.00002v1" elif . == "2601.00007" then "2601.00007v3" else . end)' "$sp" >"$tmp/vers.jsonl"
cp "$data/seen-edited-crlf.state" "$tmp/vers.state"
check '--seen: papers with versions, prefixes or URLs in their ids match the bare seen ids' \
	"axfilter --seen '$tmp/vers.state' '$tmp/vers.jsonl' 2>'$tmp/vers.err' | jq -r .id | tr '\n' ' ' | grep -qx '2601.00005 2601.00006 2601.00007v3 2601.00008 2601.00009 ' && grep -qx 'axfilter: dropped 5 (seen 5)' '$tmp/vers.err'"
check '--seen: a new paper goes into the file as its bare id' "cmp '$tmp/bare10' '$tmp/vers.state'"
check '--dedupe: one paper under two versions is one paper' \
	"jq -c '.id += \"v2\"' '$sp' | cat '$sp' - | axfilter --dedupe 2>'$tmp/dd.err' | cmp - '$tmp/sp.compact' && grep -qx 'axfilter: dropped 10 (dedupe 10)' '$tmp/dd.err'"
check '--dedupe: ids of other schemes compare as they are' \
	"printf '%s\n' '{\"id\":\"2601.00001-a\"}' '{\"id\":\"2601.00001-b\"}' '{\"id\":\"2601.00001-a\"}' | axfilter --dedupe 2>/dev/null | wc -l | grep -qx 2"
printf '%s\n' '{"id":"2601.00000"}' '{"id":"x1"}' '{"title":"no id"}' >"$tmp/noid.jsonl"
check_fail '--seen: a paper without an arXiv id cannot be remembered: exit 1' 1 "axfilter --seen '$tmp/noid.seen' '$tmp/noid.jsonl'"
check '--seen: ... delivered all the same, named as FILE:LINE, the file holds the one arXiv id' \
	"rm -f '$tmp/noid.seen' && axfilter --seen '$tmp/noid.seen' '$tmp/noid.jsonl' 2>'$tmp/noid.err' | wc -l | grep -qx 3 &&
	 grep -qx \"axfilter: $tmp/noid.jsonl:2: id 'x1' is not an arXiv id: not remembered in $tmp/noid.seen\" '$tmp/noid.err' &&
	 grep -qx \"axfilter: $tmp/noid.jsonl:3: no id: not remembered in $tmp/noid.seen\" '$tmp/noid.err' &&
	 echo 2601.00000 | cmp - '$tmp/noid.seen'"

# a real size: 200,000 seen ids with CRLF line ends, a 2,000-paper day half seen
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "25%02d.%05d\r\n", 1 + int(i / 20000), i % 20000 }' >"$tmp/big.state"
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "{\"id\":\"25%02d.%05d\",\"title\":\"t\"}\n", 10, 19000 + i }' >"$tmp/day2000.jsonl"
check '--seen: 200,000 seen ids, a day of 2,000 papers: the 1,000 seen dropped, the file 201,000 bare ids' \
	"axfilter --seen '$tmp/big.state' '$tmp/day2000.jsonl' 2>'$tmp/big.err' | wc -l | grep -qx 1000 &&
	 grep -qx 'axfilter: dropped 1000 (seen 1000)' '$tmp/big.err' && test \$(wc -l <'$tmp/big.state') -eq 201000 &&
	 ! grep -q \"\$(printf '\r')\" '$tmp/big.state'"

# a followed first author inside "Group: Person" (a record saved before axfetch split them)
printf '%s\n' '{"id":"2604.21952","title":"t","authors":["ExampleLab: Ada Chen","Ben Li","Cara Gong"]}' \
	'{"id":"2604.00001","title":"t","authors":["ATLAS Collaboration: G. Aad","B. Abbott"]}' \
	'{"id":"2604.00002","title":"t","authors":["Ada Chen (ExampleLab)","and Ben Li"]}' \
	'{"id":"2604.00003","title":"t","authors":["ExampleLab","Ada Cheng"]}' >"$tmp/group.jsonl"
printf 'Ada Chen\nGeorges Aad\n' >"$tmp/follow.txt"
check '--authors: the person after a group name, or before an affiliation, is matched' \
	"test \"\$(axfilter --authors '$tmp/follow.txt' --min-score 99 '$tmp/group.jsonl' 2>/dev/null | jq -r 'select(.reason == \"Author match\") | .id' | tr '\n' ' ')\" = '2604.21952 2604.00001 2604.00002 '"
done_testing
