#!/bin/sh
# The reader's day, as the README tells it: make install into a temporary
# prefix, the shipped config and prompts copied into a fresh HOME and edited
# with sed (the loopback feed and LLM servers, SMTP to a real aiosmtpd on
# 127.0.0.1, a webhook beside the published site), the key exported, and the
# installed axdaily run as cron runs it: env -i, PATH=/usr/bin:/bin.
. "$(dirname "$0")/lib.sh"
day=2026-04-27
# the clock on the morning of the day the loopback feed announces
now=${day}T12:00:00Z

# -- make install PREFIX=... --------------------------------------------
# objects of its own under build/ (the install's DATADIR is compiled in), so
# that bin/ keeps its own and a re-run rebuilds nothing
if [ -n "${AX_SAN:-}" ]; then
	build=$top/build/user-san
	san='SAN=1'
else
	build=$top/build/user
	san=
fi
prefix=$tmp/prefix
check 'make install PREFIX= a temporary folder' \
	"make -C $top --no-print-directory install O=$build $san PREFIX=$prefix >$tmp/install.log 2>&1 &&
	 test -x $prefix/bin/axdaily && test -x $prefix/bin/axdeliver && test -x $prefix/bin/axfetch &&
	 test -f $prefix/share/ax/config && test -f $prefix/share/ax/fates.jq && test -f $prefix/share/man/man1/axdeliver.1"
share=$prefix/share/ax
check 'the installed scripts name the installed folders, not placeholders' \
	"! grep -l '@BINDIR@\\|@DATADIR@' $prefix/bin/axdaily $prefix/bin/axgroup $prefix/bin/axdeliver $prefix/bin/axtrain &&
	 for p in axdaily axgroup axdeliver axtrain; do grep -qx \"bindir='$prefix/bin'\" $prefix/bin/\$p || exit 1; done"
check 'the installed share/ax files name only installed files' \
	"! grep -n '\\.\\./shared\\|tests/\\|examples/\\|pipelines/\\|lib/\\|tools/' $share/config $share/README $share/authors.txt \
	    $share/axdaily.cron $share/axdaily.service $share/axdaily.timer $share/*.jq &&
	 test ! -e $share/demo.conf &&
	 for f in \$(awk '/^[a-z][a-z.-]*(, [a-z][a-z.-]*)?\$/ { gsub(\",\", \"\"); print }' $share/README); do
		test -f $share/\$f || exit 1; done"
mkdir -p $tmp/trainout/2023-02-01
jq -c '. + {relevance: 8, novelty: 6, model: "gpt-4.1"}' $share/papers.jsonl >$tmp/trainout/2023-02-01/scored.jsonl
check 'the installed axtrain finds axscore under cron'"'"'s PATH' \
	"env -i HOME=$tmp PATH=/usr/bin:/bin $prefix/bin/axtrain --min 1 $tmp/trainout/m $tmp/trainout &&
	 head -1 $tmp/trainout/m | grep -q '^ax-model '"
check 'the shipped authors.txt follows nobody' "! grep -v '^#' $share/authors.txt | grep -q ."

# -- the servers: feed, LLM, SMTP, the site and its webhook ---------------
server feedserver --log "$tmp/feed.log"
feed=http://127.0.0.1:$port
mkdir -p "$tmp/llm"
cp "$data/handmade-scored-2026-04-27.json" "$tmp/llm/scored-handmade.json"
server llmserver --data "$tmp/llm" --log "$tmp/llm.log" --key sk-user --lifetime 300
llm=http://127.0.0.1:$port/v1
home=$tmp/home
site=$home/public_html/arxiv
# the published site (GET /site/...) and a Slack-like webhook (POST /hook)
cat >"$tmp/web.py" <<'EOF'
import os, sys, http.server
site, hook = sys.argv[2], sys.argv[3]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open(hook, "ab") as f:
            f.write(body + b"\n")
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers()
        self.wfile.write(b"ok")
    def do_GET(self):
        p = os.path.normpath(self.path.split("?")[0])
        f = os.path.join(site, p[len("/site/"):]) if p.startswith("/site/") else ""
        if not f or not os.path.isfile(f):
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
            return
        b = open(f, "rb").read()
        self.send_response(200); self.send_header("Content-Length", str(len(b))); self.end_headers()
        self.wfile.write(b)
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1] + ".tmp", "w").write(str(s.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.serve_forever()
EOF
python3 "$tmp/web.py" "$tmp/web.port" "$site" "$tmp/hook.jsonl" 2>"$tmp/web.log" &
webpid=$!
_servers="$_servers $webpid"
# a real SMTP server: aiosmtpd's Mailbox handler keeps each message in a Maildir
smtpport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m aiosmtpd -n -l "127.0.0.1:$smtpport" -c aiosmtpd.handlers.Mailbox "$tmp/mail" 2>"$tmp/smtp.log" &
smtppid=$!
_servers="$_servers $smtppid"
i=0
until [ -s "$tmp/web.port" ] && python3 -c "import socket; socket.create_connection(('127.0.0.1', $smtpport), 1)" 2>/dev/null; do
	[ $i -lt 100 ] || { echo 'Bail out! the SMTP or web server did not start'; cat "$tmp/smtp.log" "$tmp/web.log"; exit 1; }
	sleep 0.1
	i=$((i + 1))
done
web=http://127.0.0.1:$(cat "$tmp/web.port")

# -- the README's steps ---------------------------------------------------
check "the README's copy step" \
	"mkdir -p $home/.config/ax && cd $share && cp config ml.system.md ml.user.md authors.txt $home/.config/ax/"
cfg=$home/.config/ax/config
check 'the config edited with sed: categories, feed, LLM, mail, webhook, site' \
	"sed -i -e 's|^CATEGORIES=.*|CATEGORIES=cs.LG|' -e 's|^FEED_URL=.*|FEED_URL=$feed/rss|' \
	    -e 's|^BASE_URL=.*|BASE_URL=$llm|' -e 's|^MAIL_TO=.*|MAIL_TO=reader@example.org|' \
	    -e 's|^SMTP_URL=.*|SMTP_URL=smtp://127.0.0.1:$smtpport|' \
	    -e 's|^WEBHOOK_URL=.*|WEBHOOK_URL=$web/hook|' -e 's|^SITE_URL=.*|SITE_URL=$web/site|' $cfg &&
	 grep -qx 'MAIL_TO=reader@example.org' $cfg && grep -qx 'SITE_URL=$web/site' $cfg"
# cron's environment: nothing but HOME, LOGNAME, PATH=/usr/bin:/bin (and a
# pinned clock); the key as the README exports it
asuser="env -i HOME=$home LOGNAME=reader PATH=/usr/bin:/bin AX_NOW=$now"

check '--check for the real provider names the key it lacks, before anything is fetched' \
	"! $asuser $prefix/bin/axdaily --check --set BASE_URL= 2>$tmp/check.err &&
	 grep -q 'no API key' $tmp/check.err && ! test -s $tmp/feed.log"
check '--check with the key exported: ready' \
	"$asuser OPENAI_API_KEY=sk-user $prefix/bin/axdaily --check >$tmp/check.out &&
	 grep -q 'ready' $tmp/check.out && ! grep -q sk-user $tmp/check.out"
cat "$tmp/check.out" | sed 's/^/# --check: /'
check '--dry-run fetches and prompts, prints the estimate, marks nothing seen' \
	"$asuser OPENAI_API_KEY=sk-user $prefix/bin/axdaily --dry-run >$tmp/dry.out &&
	 grep -q '^$day: dry run: 3 papers to score in 1 request to gpt-5-mini, about [0-9]* input tokens, estimated [$]' $tmp/dry.out &&
	 test ! -s $home/.local/state/ax/seen && test ! -s $tmp/llm.log"
cat "$tmp/dry.out" | sed 's/^/# --dry-run: /'

check 'the installed axdaily makes the day under env -i' \
	"$asuser OPENAI_API_KEY=sk-user $prefix/bin/axdaily >$tmp/run.out 2>$tmp/run.err"
sed 's/^/# run: /' "$tmp/run.out" "$tmp/run.err"
out=$home/.local/share/ax
run=$out/$day
check 'it printed the one summary line and nothing on stderr' \
	"test \$(wc -l <$tmp/run.out) -eq 1 && grep -q '^$day: 1 relevant of 3 scanned (3 fetched), [$][0-9.]*: $run/digest.md' $tmp/run.out &&
	 test ! -s $tmp/run.err"
check 'the LLM got the key the README exported' \
	"test \$(jq -s 'map(select(.auth)) | length' $tmp/llm.log) -ge 1"

# the mailbox, read by Python's email package
cat >"$tmp/mailcheck.py" <<'EOF'
import email, email.policy, json, mailbox, sys
box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
msgs = [email.message_from_bytes(box.get_bytes(k), policy=email.policy.default) for k in box.keys()]
sel = [json.loads(l) for l in open(sys.argv[2])]
day, page = sys.argv[3], sys.argv[4]
assert len(msgs) == 1, "%d messages" % len(msgs)
m = msgs[0]
for h in ("From", "To", "Date", "Message-ID", "Subject"):
    assert m[h], "no " + h
assert m["Subject"].startswith("Personalized Daily ArXiv Papers " + day), m["Subject"]
assert m["To"] == "reader@example.org"
assert m.get_content_type() == "multipart/alternative"
text = m.get_body(("plain",)).get_content()
html = m.get_body(("html",)).get_content()
assert page in text, "no site link in the text part"
assert "<a " not in text and "**" not in text, "the text part is not plain text"
for p in sel:
    for part in (text, html):
        assert p["id"] in part, p["id"]
    assert " ".join(p["title"].split())[:40] in " ".join(text.split()), p["title"]
    for a in p["authors"]:
        assert a in " ".join(text.split()), a
print(len(sel), "papers, each with its authors, in", m["Message-ID"])
EOF
check 'one message in the mailbox, parsed by email: every selected paper with its authors, the site link' \
	"python3 $tmp/mailcheck.py $tmp/mail $run/selected.jsonl $day $web/site/$day.html >$tmp/mail.out"
sed 's/^/# mailbox: /' "$tmp/mail.out"
check 'the site page exists' "test -s $site/$day.html && grep -q 2604.21952 $site/$day.html"
check "the webhook's link resolves to the site page" \
	"link=\$(jq -r '.text | capture(\"<(?<u>[^|>]*)[|]digest>\").u' $tmp/hook.jsonl) &&
	 test \"\$link\" = '$web/site/$day.html' && curl -sSf \"\$link\" | cmp - $site/$day.html"
check "the site's feed, read by feedparser: the day's paper, its id and self link from SITE_URL" \
	"python3 -c 'import feedparser,sys
f=feedparser.parse(sys.argv[1])
assert not f.bozo, f.bozo_exception
assert f.feed.id.startswith(sys.argv[2]), f.feed.id
assert any(l.rel == \"self\" and l.href == sys.argv[2] + \"/feed.xml\" for l in f.feed.links), f.feed.links
assert any(\"2604.21952\" in e.id for e in f.entries)
' $site/feed.xml '$web/site'"
check 'the webhook names the paper and rounds the cost as the digest does' \
	"jq -e '.text | test(\"arxiv.org/abs/2604.21952\") and test(\", [$][0-9]+[.][0-9]{1,2} \")' $tmp/hook.jsonl"
check 'OUT/latest points at the day' "test \"\$(readlink $out/latest)\" = $day"
check 'the seen state holds the day' "grep -q 2604.21952 $home/.local/state/ax/seen"
check 'the key is written nowhere' "! grep -rq sk-user $home $tmp/mail"

n=$(ls "$tmp/mail/new" | wc -l)
check 'a second run does not mail again' \
	"$asuser OPENAI_API_KEY=sk-user $prefix/bin/axdaily -q >$tmp/run2.out 2>&1 && test ! -s $tmp/run2.out &&
	 test \$(ls $tmp/mail/new | wc -l) -eq $n && test \$(jq -s length $tmp/hook.jsonl) -eq 1"
check '--redeliver mails it again' \
	"$asuser OPENAI_API_KEY=sk-user $prefix/bin/axdaily -q --from deliver --redeliver &&
	 test \$(ls $tmp/mail/new | wc -l) -eq \$(($n + 1))"
check 'axdeliver alone sends an existing digest (-n: says what it would do)' \
	"$asuser $prefix/bin/axdeliver -n --redeliver $run >$tmp/deliver.out &&
	 grep -qx '$day: mail: would deliver' $tmp/deliver.out"

# -- the cron line and the systemd units as shipped -----------------------
printf 'sk-user\n' >"$home/.config/ax/openai.key"
chmod 600 "$home/.config/ax/openai.key"
cronline=$(grep -v '^#' "$share/axdaily.cron" | grep . | head -n 1)
croncmd=$(printf '%s\n' "$cronline" | cut -f 2-)
check 'the cron line calls the installed axdaily' \
	"printf '%s\n' '$cronline' | grep -q '^30 6 \\* \\* 1-5	$prefix/bin/axdaily -q\$'"
check 'the cron command as cron runs it (sh -c, PATH=/usr/bin:/bin, the key in its file): a good day is silent' \
	"rm -rf $out $home/.local/state && $asuser SHELL=/bin/sh sh -c '$croncmd' >$tmp/cron.out 2>&1 &&
	 test ! -s $tmp/cron.out && test -s $run/digest.md"
cp "$cfg" "$tmp/config.good"
sed -i 's/^MIN_RELEVANCE=.*/MIN_RELEVANCE=11/' "$cfg"
line=$(grep -n '^MIN_RELEVANCE=' "$cfg" | cut -d: -f1)
check 'a failing day in cron: one short line naming the config line, before any request' \
	"r=\$(wc -l <$tmp/llm.log) &&
	 ! $asuser SHELL=/bin/sh sh -c '$croncmd --date 2026-04-28' >$tmp/cron.out 2>&1 &&
	 test \$(wc -l <$tmp/cron.out) -eq 2 && grep -q '^axdaily: $cfg:$line: MIN_RELEVANCE=11: out of range' $tmp/cron.out &&
	 test \$(wc -l <$tmp/llm.log) -eq \$r"
cp "$tmp/config.good" "$cfg"
check 'the service runs the installed axdaily' \
	"grep -qx 'ExecStart=$prefix/bin/axdaily -q' $share/axdaily.service"
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$tmp/units"
	cp "$share/axdaily.service" "$share/axdaily.timer" "$tmp/units/"
	check 'systemd-analyze verify accepts the units as shipped' \
		"systemd-analyze verify --man=no $tmp/units/axdaily.timer $tmp/units/axdaily.service >$tmp/verify.out 2>&1 ||
		 { cat $tmp/verify.out; false; }"
	sed 's/^/# systemd-analyze: /' "$tmp/verify.out"
else
	check 'the timer names its calendar and the service (no systemd-analyze here)' \
		"grep -qx 'OnCalendar=Mon..Fri 06:30' $share/axdaily.timer && grep -qx 'Type=oneshot' $share/axdaily.service"
fi

# -- every example runs as its comment says --------------------------------
# examples/README: each "$ command" (with its \ continuation), run in the
# installed share/ax with the installed tools; the lines shown after it are
# its output
cat >"$tmp/examples.py" <<'EOF'
import re, subprocess, sys
lines = open(sys.argv[1]).read().split("\n")
env = {"PATH": sys.argv[2] + ":/usr/bin:/bin", "HOME": sys.argv[3], "LC_ALL": "C.UTF-8",
       "AX_NOW": "2025-09-01T12:00:00Z"}
i, n, bad = 0, 0, 0
while i < len(lines):
    m = re.match(r"\s+\$ (.*)", lines[i])
    if not m:
        i += 1
        continue
    cmd = m.group(1)
    while cmd.endswith("\\"):
        i += 1
        cmd = cmd[:-1] + lines[i].strip()
    i += 1
    shown = []
    while i < len(lines) and re.match(r"\s+\S", lines[i]) and not re.match(r"\s+\$ ", lines[i]) \
            and lines[i].startswith("\t  "):
        shown.append(lines[i].strip())
        i += 1
    r = subprocess.run(["sh", "-c", cmd], cwd=sys.argv[4], env=env, capture_output=True, text=True)
    out = [l.strip() for l in r.stdout.strip().split("\n")] if r.stdout.strip() else []
    n += 1
    if r.returncode != 0 or (shown and out != shown):
        bad += 1
        print("# %s: exit %d" % (cmd, r.returncode))
        for l in shown: print("# shown: " + l)
        for l in out: print("# got:   " + l)
        for l in r.stderr.split("\n")[:5]: print("# stderr: " + l)
print("# %d examples, %d failed" % (n, bad))
sys.exit(1 if bad or n == 0 else 0)
EOF
check 'every example of examples/README runs as shown' \
	"python3 $tmp/examples.py $share/README $prefix/bin $home $share"
# examples/run/README: the command that made the saved run folder makes it again
# (offline: the local model), byte for byte where no path is written in
check 'examples/run: its command makes the saved day again' \
	"cd $top && $asuser $prefix/bin/axdaily -c examples/demo.conf --date 2023-03-07 --set OUT=$tmp/exrun \
	    --set SOURCE=file:tests/data/oai-oai_dc-ListRecords-2023-03-07-page3-last.xml \
	    --set BATCH=20 --set TOP=10 --set SITE= -n >/dev/null &&
	 for f in digest.md digest.html select-stats.json cost.json usage.jsonl; do
		cmp $top/examples/run/2023-03-07/\$f $tmp/exrun/2023-03-07/\$f || exit 1; done &&
	 jq -c 'del(.source)' $top/examples/run/2023-03-07/selected.jsonl | cmp - \$(jq -c 'del(.source)' $tmp/exrun/2023-03-07/selected.jsonl >$tmp/exsel && echo $tmp/exsel)"
for p in ml astro; do
	check "examples/profiles/$p.conf is a config axdaily accepts (--check, with a key)" \
		"$asuser OPENAI_API_KEY=sk-user $prefix/bin/axdaily -c $top/examples/profiles/$p.conf --check >/dev/null"
done
check "the config's own copy command works from share/ax" \
	"grep -q 'cp config ml.system.md ml.user.md authors.txt ~/.config/ax/' $share/config"

kill "$smtppid" "$webpid" 2>/dev/null
wait "$smtppid" "$webpid" 2>/dev/null
check 'the test stopped its SMTP and web servers' "! kill -0 $smtppid 2>/dev/null && ! kill -0 $webpid 2>/dev/null"
done_testing
