#!/bin/sh
# Injected faults: a full disk (/dev/full as stdout; a full file system for the
# cache and the site), DNS failure and connection refused, a TLS server whose
# self-signed certificate is refused unless --cafile names it, and kill -9 in
# the middle of a state or site update.  Each: a clear message, a non-zero exit,
# nothing half-written.
. "$(dirname "$0")/lib.sh"
e=$top/examples
fx=$shared/fixtures
rss=$fx/arxiv/rss/trimmed-reserialized/cs.LG-2026-04-27-3items.xml

landed() {
	! grep -q '^/\* [a-z]*\.c - placeholder' "$top/tools/$1.c"
}
skip() {
	_ok "$1 # SKIP not built yet"
}

# a port on 127.0.0.1 that nothing listens on
closed_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- a full disk: stdout is /dev/full -----------------------------------
# full TOOL COMMAND: exit 1 and "TOOL: stdout: ...No space left on device"
full() {
	if ! landed "$1"; then
		skip "$1 to /dev/full"
		return
	fi
	(eval "$2") >/dev/full 2>"$tmp/full.err"
	_st=$?
	check "$1 to /dev/full: exit 1 (status $_st)" "[ $_st -eq 1 ]"
	check "$1 to /dev/full: says the disk is full" \
	    "grep -q '^$1: .*No space left on device' '$tmp/full.err'"
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

if landed axfetch; then
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
else
	skip 'axfetch network faults'
fi

done_testing
