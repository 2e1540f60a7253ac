#!/bin/sh
# Injected faults: a full disk (/dev/full as stdout; a full file system for the
# cache and the site), DNS failure and connection refused, a TLS server whose
# self-signed certificate is refused unless --cafile names it, and kill -9 in
# the middle of a state or site update.  Each: a clear message, a non-zero exit,
# nothing half-written.
. "$(dirname "$0")/lib.sh"
e=$top/examples
fx=$data
rss=$data/rss-cs.LG-2026-04-27-3items.xml


# a port on 127.0.0.1 that nothing listens on
closed_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- a full disk: stdout is /dev/full -----------------------------------
# full TOOL COMMAND: exit 1 and "TOOL: stdout: write error: ..."
full() {
	(eval "$2") >/dev/full 2>"$tmp/full.err"
	_st=$?
	check "$1 to /dev/full: exit 1 (status $_st)" "[ $_st -eq 1 ]"
	# "No space left on device" when the failing write is the last one;
	# lib/die.c's fshut says EIO when an earlier write failed (errno gone)
	check "$1 to /dev/full: says stdout could not be written" \
	    "grep -Eq '^$1: stdout: write error: (No space left on device|Input/output error)' '$tmp/full.err'"
}
full axfetch 'axfetch -f "$rss"'
full axprompt 'axprompt --user "$e/ml.user.md" "$e/papers.jsonl"'
full axscore 'axprompt --user "$e/ml.user.md" "$e/papers.jsonl" | axscore --provider local --topics "$e/ml.user.md"'
full axfilter 'axfilter "$fx/seed-2025-09-10/papers.jsonl"'
full axrender 'axrender --format md "$fx/seed-2025-09-10/papers.jsonl"'
full axcost 'axcost --prices "$e/prices.txt" "$e/usage.jsonl"'

# --- the network: DNS failure, connection refused, a self-signed certificate
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/tls.key" -out "$tmp/tls.crt" \
    >/dev/null 2>&1 || echo "Bail out! openssl could not make a certificate"

check_fail 'axfetch: DNS failure exits 1' 1 \
    'axfetch --retries 0 --rss-url http://no-such-host.invalid/rss/ cs.LG >"$tmp/dns.out" 2>"$tmp/dns.err"'
check 'axfetch: DNS failure says which host, writes nothing' '
	grep -q "^axfetch: .*Could not resolve host: no-such-host.invalid" "$tmp/dns.err" &&
	[ ! -s "$tmp/dns.out" ]'
p=$(closed_port)
check_fail 'axfetch: connection refused exits 1' 1 \
    'axfetch --retries 0 --rss-url http://127.0.0.1:$p/rss/ cs.LG >"$tmp/ref.out" 2>"$tmp/ref.err"'
check 'axfetch: connection refused says so, writes nothing' '
	grep -q "^axfetch: .*127.0.0.1.*$p.*[Cc]ouldn.t connect" "$tmp/ref.err" &&
	[ ! -s "$tmp/ref.out" ]'
server feedserver
server tlsproxy --cert "$tmp/tls.crt" --key "$tmp/tls.key" --upstream "$port"
check_fail 'axfetch: a self-signed certificate is refused' 1 \
    'axfetch --retries 0 --rss-url https://127.0.0.1:$port/rss/ cs.LG >"$tmp/tls.out" 2>"$tmp/tls.err"'
check 'axfetch: the refusal names the certificate, nothing written' '
	grep -qi "^axfetch: .*certificate" "$tmp/tls.err" && [ ! -s "$tmp/tls.out" ]'
check 'axfetch: --cafile with that certificate fetches over TLS' '
	axfetch --retries 0 --cafile "$tmp/tls.crt" --rss-url https://127.0.0.1:$port/rss/ cs.LG |
	    jq -e -s "length == 3" >/dev/null'

# --- kill -9 in the middle of an update: every file old or new, never a mix
# writes to files slowed down (tests/slowio.c), so that kills land mid-write
slowio=$tmp/slowio.so
cc -shared -fPIC -O2 -o "$slowio" "$top/tests/slowio.c" -ldl ||
    echo "Bail out! cannot build tests/slowio.c"

# killloop N MAXDELAY DIR OLD NEW COMMAND: N times, DIR is set back to the copy
# in OLD, COMMAND starts and is killed -9 after a pseudo-random 0..MAXDELAY
# seconds; then each file of NEW (in its folders too) must be in DIR as in
# OLD or as in NEW (or absent, if OLD has none).  Leaves in $tmp/killed how many runs were cut short.
killloop() {
	_n=$1 _max=$2 _dir=$3 _old=$4 _new=$5 _cmd=$6 _i=0 _cut=0
	while [ $_i -lt "$_n" ]; do
		_i=$((_i + 1))
		rm -rf "$_dir" && cp -R "$_old" "$_dir"
		LD_PRELOAD=$slowio ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 \
		    sh -c "exec $_cmd" >/dev/null 2>&1 &
		_pid=$!
		sleep "$(awk -v s=$_i -v m="$_max" 'BEGIN { srand(s); printf "%.3f", rand() * m }')"
		kill -9 $_pid 2>/dev/null && _cut=$((_cut + 1))
		wait $_pid 2>/dev/null || :	# killed: 137, on purpose
		for _f in $(cd "$_new" && find . -type f | sed 's|^\./||'); do
			_b=$_f _f=$_new/$_f
			if [ ! -e "$_dir/$_b" ]; then
				[ ! -e "$_old/$_b" ] && continue
				echo "# run $_i: $_b is gone"
				return 1
			fi
			if ! cmp -s "$_dir/$_b" "$_old/$_b" && ! cmp -s "$_dir/$_b" "$_f"; then
				echo "# run $_i: $_b is neither the old nor the new version"
				return 1
			fi
		done
	done
	echo "$_cut" >"$tmp/killed"
}

# 300000 ids already seen and 2000 new papers: a run takes about 0.5 s
# with slowio, 0.3 s of it writing
mkdir -p "$tmp/state.old"
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "24%02d.%05d\n", 1 + int(i / 100000), i % 100000 }' >"$tmp/state.old/seen"
python3 -c '
import json, sys
p = json.loads(open(sys.argv[1], encoding="utf-8").readline())
for i in range(2000):
    p["id"] = "2509.%05d" % i
    print(json.dumps(p))' "$e/papers.jsonl" >"$tmp/new2000.jsonl"
cp -R "$tmp/state.old" "$tmp/state.new"
axfilter --seen "$tmp/state.new/seen" "$tmp/new2000.jsonl" >/dev/null
check 'axfilter --seen: a full run adds the 2000 ids after the old ones' \
    '[ "$(wc -l <"$tmp/state.new/seen")" -eq 302000 ]'
check 'axfilter --seen: kill -9 in 20 updates leaves the state file old or new' \
    'killloop 20 0.55 "$tmp/state" "$tmp/state.old" "$tmp/state.new" \
	"axfilter --seen $tmp/state/seen $tmp/new2000.jsonl"'
echo "# $(cat "$tmp/killed" 2>/dev/null) of 20 runs were killed before they finished"

# 3000 papers make a 6 MB page: the update takes long enough to be cut
python3 -c '
import json, sys
ps = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for i in range(3000):
    p = dict(ps[i % len(ps)]); p["id"] = "2509.%05d" % i
    print(json.dumps(p))' "$fx/seed-2025-09-10/papers.jsonl" >"$tmp/big.jsonl"
mkdir -p "$tmp/site"
for d in 01 02 03 08; do
	axrender --site "$tmp/site" --date 2025-09-$d "$fx/seed-2025-09-10/papers.jsonl"
done
cp -R "$tmp/site" "$tmp/site.old"
cp -R "$tmp/site" "$tmp/site.new"
axrender --site "$tmp/site.new" --date 2025-09-04 "$tmp/big.jsonl"
check 'axrender --site: kill -9 in 20 updates leaves each page old or new' \
    'killloop 20 0.6 "$tmp/site" "$tmp/site.old" "$tmp/site.new" \
	"axrender --site $tmp/site --date 2025-09-04 $tmp/big.jsonl"'
echo "# $(cat "$tmp/killed" 2>/dev/null) of 20 runs were killed before they finished"
check 'axrender --site: no link to a missing page after the kills' '
	for f in "$tmp"/site/*.html; do
		sed -n "s/.*href=\"\([^\"#:]*\.html\)\".*/\1/p" "$f" | while read -r l; do
			[ -f "$tmp/site/$l" ] || { echo "$f links to missing $l"; exit 1; }
		done || exit 1
	done'
check 'axrender --site: every page well-formed after the kills' \
    'xmllint --noout "$tmp"/site/*.html'
check 'axrender --site: the next run completes the new site' '
	axrender --site "$tmp/site" --date 2025-09-04 "$tmp/big.jsonl" &&
	for f in $(cd "$tmp/site.new" && find . -type f); do cmp "$tmp/site.new/$f" "$tmp/site/$f" || exit 1; done'

# --- a full file system for the files a tool keeps (site, cache) ----------
# fullfs DIR: a 1 MB tmpfs on DIR when we may mount (root), else DIR stays a
# plain directory and the tools run under ulimit -f 1024 (RLIMIT_FSIZE: a
# write beyond 1 MB fails with EFBIG); $fsmode says which, $limit the prefix
fullfs() {
	mkdir -p "$1"
	if mount -t tmpfs -o size=1m tmpfs "$1" 2>/dev/null; then
		fsmode="a full 1 MB tmpfs" limit= mounted="$mounted $1"
	else
		fsmode="ulimit -f (no mount)" limit="trap '' XFSZ; ulimit -f 2048;"
	fi
}
mounted=
unmount_all() {
	for m in $mounted; do umount "$m"; done
	mounted=
}

fullfs "$tmp/fullsite"
# --no-math: KaTeX's fonts alone (1.5 MB) would not fit
for d in 01 02; do
	axrender --site "$tmp/fullsite" --no-math --date 2025-09-$d "$fx/seed-2025-09-10/papers.jsonl"
done
cp -R "$tmp/fullsite" "$tmp/fullsite.before"
check_fail "axrender --site on $fsmode: exit 1" 1 \
    'sh -c "$limit axrender --site $tmp/fullsite --no-math --date 2025-09-04 $tmp/big.jsonl" 2>"$tmp/fs.err"'
check "axrender --site on $fsmode: says why" \
    'grep -Eq "^axrender: .*(No space left on device|File too large)" "$tmp/fs.err"'
check "axrender --site on $fsmode: the old pages intact, no partial page" '
	[ ! -e "$tmp/fullsite/2025-09-04.html" ] &&
	for f in $(cd "$tmp/fullsite.before" && find . -type f); do cmp "$tmp/fullsite.before/$f" "$tmp/fullsite/$f" || exit 1; done &&
	[ -z "$(ls -A "$tmp/fullsite" | grep -v "^.axrender.lock$" | grep "^\.")" ]'
unmount_all

fullfs "$tmp/fullstate"
seq -f "2408.%05g" 1 50000 >"$tmp/fullstate/seen"
cp "$tmp/fullstate/seen" "$tmp/seen.before"
if [ -z "$limit" ]; then
	dd if=/dev/zero of="$tmp/fullstate/filler" bs=4k count=1000 2>/dev/null
else
	limit="trap '' XFSZ; ulimit -f 100;"
fi
{ sh -c "$limit exec axfilter --seen $tmp/fullstate/seen $tmp/new2000.jsonl" >/dev/null
    echo $? >"$tmp/seenfull.st"; } 2>&1 | cat >"$tmp/seenfull.err"
check "axfilter --seen on $fsmode: exit 1, says why" '
	[ "$(cat "$tmp/seenfull.st")" -eq 1 ] &&
	grep -Eq "^axfilter: .*seen.*(No space left on device|File too large)" "$tmp/seenfull.err"'
check "axfilter --seen on $fsmode: the old state file intact, no temporary file left" '
	cmp "$tmp/seen.before" "$tmp/fullstate/seen" &&
	[ -z "$(ls "$tmp/fullstate" | grep -v -e "^seen$" -e "^filler$")" ]'
unmount_all

# --- axscore: the network and the cache -----------------------------------
# two requests of 8 real papers (2025-08-01), scores the server knows
jq -c --rawfile sys "$data/score-system.md" --rawfile user "$data/score-user.md" \
    --argjson n 8 -f "$top/tests/score-requests.jq" "$data/scored-2025-08-01.json" |
    head -2 >"$tmp/req.jsonl"
# ascore NAME BASEURL [options]: axscore on req.jsonl, outputs in $tmp/NAME.*
ascore() {
	_an=$1 _base=$2
	shift 2
	OPENAI_BASE_URL=$_base axscore --retries 0 --model gpt-4.1 "$@" "$tmp/req.jsonl" \
	    >"$tmp/$_an.out" 2>"$tmp/$_an.err"
	echo $? >"$tmp/$_an.st"
}
# every paper still out once, with an error and no score
allfailed='[ "$(jq -s length "$tmp/$1.out")" -eq 16 ] &&
	jq -e -s "length > 0 and all(.error != null and .relevance == null)" "$tmp/$1.out" >/dev/null &&
	[ "$(cat "$tmp/$1.st")" -eq 1 ]'
failed() { eval "$allfailed"; }

ascore sdns http://no-such-host.invalid/v1
check 'axscore: DNS failure: exit 1, every paper out with the error' 'failed sdns'
check 'axscore: DNS failure names the host' \
    'grep -q "^axscore: batch 1: Could not resolve host: no-such-host.invalid" "$tmp/sdns.err"'
p=$(closed_port)
ascore sref http://127.0.0.1:$p/v1
check 'axscore: connection refused: exit 1, every paper out with the error' 'failed sref'
check 'axscore: connection refused names the address' \
    'grep -q "^axscore: batch 1: Failed to connect to 127.0.0.1 port $p" "$tmp/sref.err"'

server llmserver --log "$tmp/tls-llm.log"
server tlsproxy --cert "$tmp/tls.crt" --key "$tmp/tls.key" --upstream "$port"
ascore stls https://127.0.0.1:$port/v1
check 'axscore: a self-signed certificate is refused: exit 1, papers with the error' 'failed stls'
check 'axscore: the refusal names the certificate problem' \
    'grep -qi "^axscore: batch 1: .*certificate" "$tmp/stls.err"'
check 'axscore: nothing reached the server through the refused TLS' '[ ! -s "$tmp/tls-llm.log" ]'
ascore stlsca https://127.0.0.1:$port/v1 --cafile "$tmp/tls.crt"
check 'axscore: --cafile with that certificate scores all 16 papers over TLS' '
	[ "$(cat "$tmp/stlsca.st")" -eq 0 ] &&
	jq -e -s "length == 16 and all(.relevance != null)" "$tmp/stlsca.out" >/dev/null'

# the key must not reach a core dump: axscore turns core dumps off
server llmserver --delay 3
OPENAI_API_KEY=sk-test-core OPENAI_BASE_URL=http://127.0.0.1:$port/v1 \
    axscore --retries 0 --model gpt-4.1 "$tmp/req.jsonl" >/dev/null 2>&1 &
_pid=$!
sleep 1
check 'axscore with a key: core dumps are off (RLIMIT_CORE 0)' \
    "grep -Eq '^Max core file size +0 +0 ' /proc/$_pid/limits"
kill $_pid 2>/dev/null
wait $_pid 2>/dev/null

# a full file system under --cache: scored all the same, the failure said
# and counted, no partial cache file
server llmserver
fullfs "$tmp/fullcache"
if [ -n "$limit" ]; then
	limit="trap '' XFSZ; ulimit -f 0;"
else
	dd if=/dev/zero of="$tmp/fullcache/filler" bs=64k count=100 2>/dev/null
fi
mkdir -p "$tmp/fullcache/c"
# stdout and stderr through pipes: under ulimit -f they could not be files
{ { OPENAI_BASE_URL=http://127.0.0.1:$port/v1 sh -c "$limit exec axscore --retries 0 \
    --model gpt-4.1 --cache $tmp/fullcache/c $tmp/req.jsonl"; echo $? >"$tmp/sfull.st"; } |
    cat >"$tmp/sfull.out"; } 2>&1 | cat >"$tmp/sfull.err"
check "axscore --cache on $fsmode: exit 1, says why" '
	[ "$(cat "$tmp/sfull.st")" -eq 1 ] &&
	grep -Eq "^axscore: .*fullcache/c/[0-9a-f]{64}: .*(No space left on device|File too large)" "$tmp/sfull.err"'
check "axscore --cache on $fsmode: every paper still scored" \
    'jq -e -s "length == 16 and all(.relevance != null)" "$tmp/sfull.out" >/dev/null'
check "axscore --cache on $fsmode: no partial cache file left" '[ -z "$(ls -A "$tmp/fullcache/c")" ]'
unmount_all

done_testing
