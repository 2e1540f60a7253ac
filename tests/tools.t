#!/bin/sh
# Every tool answers -h and --version, and rejects a bad option with status 2.
. "$(dirname "$0")/lib.sh"
for t in axfetch axprompt axscore axfilter axrender axcost; do
	check "$t -h prints the usage to stdout" "$t -h | grep -q '^usage: $t'"
	check "$t --version" "$t --version | grep -q '^$t (ax) [0-9]'"
	check_fail "$t with a bad option exits 2" 2 "$t --no-such-option"
	check "$t has a man page" "test -f '$top/man/man1/$t.1'"
	check_fail "$t -h into a full disk exits 1" 1 "$t -h >/dev/full"
done

# -h names the options of its man page's SYNOPSIS, in the same order
opts() {
	grep -o -- '\(^\|[][ |]\)-\{1,2\}[a-zA-Z][a-zA-Z-]*' | sed 's/^[][ |]//' | tr '\n' ' '
}
for t in axfetch axprompt axscore axfilter axrender axcost axdaily axdeliver axgroup axtrain; do
	check "$t -h has the options of the SYNOPSIS of $t(1)" "
		$t -h | opts >$tmp/h.$t &&
		mandoc -Tascii -O width=1000 $top/man/man1/$t.1 | col -b |
		    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | opts >$tmp/m.$t &&
		test -s $tmp/h.$t && diff $tmp/h.$t $tmp/m.$t"
done

# -- odd input, the same for every tool that reads paper records ----------
# the real 2,265-paper harvest of 2023-03-07; its line 1001 broken in the middle
for n in 1 2 3-last; do
	cat $data/oai-oai_dc-ListRecords-2023-03-07-page$n.xml >$tmp/page$n.xml
done
axfetch -f $tmp/page1.xml $tmp/page2.xml $tmp/page3-last.xml >$tmp/day.jsonl
{ sed -n '1,1000p' $tmp/day.jsonl; echo '{"id": "2303.99999", "title": '; sed -n '1001,$p' $tmp/day.jsonl; } >$tmp/mid.jsonl
head -3 $tmp/day.jsonl | jq -c '. + {relevance: 8, novelty: 7, score: 15, zz_unknown: {"a": [1, "b"]}}' >$tmp/three.jsonl
head -c -1 $tmp/three.jsonl >$tmp/nonl.jsonl
sed 's/$/\r/' $tmp/three.jsonl >$tmp/crlf.jsonl
: >$tmp/empty.jsonl
jq -c '.abstract = ("x" * 10000000)' $tmp/three.jsonl | head -1 >$tmp/big.jsonl
topics=$top/examples/ml.user.md
check 'the harvest is 2,265 papers, one broken line among them' \
	"test \$(wc -l <$tmp/day.jsonl) -eq 2265 && test \$(wc -l <$tmp/mid.jsonl) -eq 2266"
# each tool: TOOL | the key of its papers in what it writes (ids, one a line)
for t in 'axfilter' 'axfetch -f' "axscore --provider local --topics $topics"; do
	n=${t%% *}
	check "$n: an empty file gives nothing, exit 0" "$t $tmp/empty.jsonl >$tmp/o && test ! -s $tmp/o"
	check "$n: the last line without a newline still counts" \
		"$t $tmp/nonl.jsonl | jq -r .id >$tmp/o && test \$(wc -l <$tmp/o) -eq 3"
	check "$n: CRLF lines read as LF lines" \
		"$t $tmp/three.jsonl >$tmp/lf && $t $tmp/crlf.jsonl | cmp - $tmp/lf"
	check "$n: unknown keys pass through" \
		"$t $tmp/three.jsonl | jq -e 'select(.zz_unknown.a[1] != \"b\")' >$tmp/o && exit 1 || test ! -s $tmp/o"
	check "$n: a 10 MB line passes whole" \
		"$t $tmp/big.jsonl | jq -e '.abstract | length == 10000000' >/dev/null"
	check_err "$n: a broken line in the middle is FILE:LINE, exit 1" 1 "mid.jsonl:1001: invalid JSON" \
		"$t $tmp/mid.jsonl >$tmp/o"
	check "$n: ... and the 2,265 papers around it come out, in order" \
		"$t $tmp/mid.jsonl 2>/dev/null | jq -r .id >$tmp/o; jq -r .id $tmp/day.jsonl | cmp - $tmp/o"
	check_err "$n: a full disk is a write error, exit 1" 1 "stdout: write error" "$t $tmp/day.jsonl >/dev/full"
	check "$n: a reader that stops early ends it (SIGPIPE or exit 1), not exit 0" \
		"($t $tmp/day.jsonl 2>/dev/null; echo \$? >$tmp/st) | head -1 >/dev/null && test \$(cat $tmp/st) -ne 0"
done
for f in md html json atom text; do
	check "axrender -f $f: an empty file, exit 0" "axrender -f $f $tmp/empty.jsonl >/dev/null"
	check "axrender -f $f: no newline at the end, CRLF: the same page" \
		"axrender -f $f $tmp/nonl.jsonl >$tmp/a && axrender -f $f $tmp/crlf.jsonl | cmp - $tmp/a &&
		 axrender -f $f $tmp/three.jsonl | cmp - $tmp/a"
	check_err "axrender -f $f: a broken line is FILE:LINE, exit 1" 1 "mid.jsonl:1001: invalid JSON" \
		"axrender -f $f $tmp/mid.jsonl >/dev/null"
	check_err "axrender -f $f: a full disk is a write error, exit 1" 1 "stdout: write error" \
		"axrender -f $f $tmp/three.jsonl >/dev/full"
done
check 'axprompt: no newline at the end, CRLF: the same requests' \
	"axprompt --user $topics --batch 1 $tmp/nonl.jsonl >$tmp/a && test \$(wc -l <$tmp/a) -eq 1 &&
	 axprompt --user $topics --batch 1 $tmp/crlf.jsonl | cmp - $tmp/a"
check_err 'axprompt: a broken line is FILE:LINE, exit 1' 1 "mid.jsonl:1001: invalid JSON" \
	"axprompt --user $topics --batch 8 $tmp/mid.jsonl >$tmp/o"
check 'axprompt: ... and the 2,265 papers around it are asked for, in order' \
	"axprompt --user $topics --batch 8 $tmp/mid.jsonl 2>/dev/null | jq -r '.papers[].id' >$tmp/o &&
	 jq -r .id $tmp/day.jsonl | cmp - $tmp/o"

# -- nothing is read without bound ----------------------------------------
# a stream of zeros (a device, or a producer gone wrong) ends in a message,
# not in the machine's memory; the next line is still read
check_err 'a line longer than 256 MiB: FILE:LINE, exit 1' 1 'stdin:1: line longer than 256 MiB' \
	"{ head -c 270000000 /dev/zero; echo; cat $tmp/three.jsonl; } | axfilter >$tmp/o"
check '... and the lines after it come out' "test \$(wc -l <$tmp/o) -eq 3"
check_err 'axfilter --seen on a device: not a regular file, exit 2' 2 '/dev/full: not a regular file' \
	"axfilter --seen /dev/full $tmp/three.jsonl"
check '... and the device is left as it was' 'test -c /dev/full'
check_err 'axfilter --authors /dev/zero: too large, exit 2' 2 '/dev/zero: File too large' \
	"axfilter --authors /dev/zero $tmp/three.jsonl"
check_err 'axrender --stats /dev/zero: too large, exit 2' 2 '/dev/zero: File too large' \
	"axrender --stats /dev/zero $tmp/three.jsonl"
check_err 'axprompt --user /dev/zero: too large, exit 2' 2 '/dev/zero: File too large' \
	"axprompt --user /dev/zero $tmp/three.jsonl"
# a state file that is a symbolic link (a dotfiles folder, a synced one):
# the file it names is replaced, the link kept
mkdir -p $tmp/link
echo 2303.99999 >$tmp/link/seen.real
ln -s $tmp/link/seen.real $tmp/link/seen
check 'axfilter --seen LINK: the link kept, the file it names updated' \
	"axfilter --seen $tmp/link/seen $tmp/three.jsonl >/dev/null && test -L $tmp/link/seen &&
	 test \$(wc -l <$tmp/link/seen.real) -eq 4"
ln -s $tmp/link/model.real $tmp/link/model
: >$tmp/link/model.real
check 'axscore --train LINK (atomic_write): the link kept, the file it names written' \
	"axscore --provider local --train $tmp/link/model $tmp/three.jsonl && test -L $tmp/link/model &&
	 head -1 $tmp/link/model.real | grep -q '^ax-model '"
# a folder option given a file fails once, before any request, not at every answer
: >$tmp/afile
check_err 'axscore --cache FILE: not a directory, exit 2' 2 'afile: not a directory' \
	"printf '%s\\n' '{\"batch\":1,\"papers\":[{\"id\":\"2301.00001\",\"title\":\"t\"}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}' |
	 OPENAI_API_KEY=k OPENAI_BASE_URL=http://127.0.0.1:9/v1 axscore --cache $tmp/afile >$tmp/o"
check '... and nothing is written' "test ! -s $tmp/o && test ! -s $tmp/afile"
done_testing
