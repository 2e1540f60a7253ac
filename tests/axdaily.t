#!/bin/sh
# axdaily, axgroup and make demo end to end: real arXiv documents from the
# loopback feed server, scores from the loopback LLM server (OpenAI protocol),
# every stage's file in the run folder, the cache, --from, failures, delivery.
. "$(dirname "$0")/lib.sh"
ex=$top/examples
day=2026-04-27
# uninstalled: the price table of examples/
AX_PRICES=$ex/prices.txt
export AX_PRICES

# conf FILE KEY=VALUE...: a config with one key a line
conf() {
	_f=$1
	shift
	printf '%s\n' "# written by axdaily.t" "$@" >"$_f"
}

# requests LOG: how many requests the LLM server answered so far
requests() {
	if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}

server feedserver --log "$tmp/feed.log"
feed=http://127.0.0.1:$port
mkdir -p "$tmp/llm"
cp "$data/handmade-scored-2026-04-27.json" "$tmp/llm/scored-handmade.json"
server llmserver --data "$tmp/llm" --log "$tmp/llm.log" --key sk-test
llm=http://127.0.0.1:$port/v1
printf 'sk-test\n' >"$tmp/key"
chmod 600 "$tmp/key"

conf "$tmp/ml.conf" \
	'CATEGORIES=cs.LG' \
	"FEED_URL=$feed/rss" \
	"SYSTEM_PROMPT=$ex/ml.system.md" \
	"USER_PROMPT=$ex/ml.user.md" \
	'MODEL=gpt-4.1' \
	'BATCH=2' \
	"BASE_URL=$llm" \
	"API_KEY_FILE=$tmp/key" \
	"CACHE=$tmp/cache" \
	"SEEN=$tmp/seen" \
	'MIN_RELEVANCE=7' \
	'MIN_NOVELTY=5' \
	"PRICES=$ex/prices.txt" \
	"OUT=$tmp/out"
run=$tmp/out/$day
daily="axdaily -c $tmp/ml.conf --date $day -n"

# -- a real day: three papers of the cs.LG feed of 2026-04-27 ------------
check 'a day runs from the feed to the digest' "$daily >$tmp/summary"
check 'the summary line names the counts and the digest' \
	"grep -qx '$day: 1 relevant of 3 scanned (3 fetched), [$][0-9.]*: $run/digest.md' $tmp/summary"
for f in fetched.jsonl scanned.jsonl requests.jsonl scored.jsonl selected.jsonl \
    usage.jsonl cost.json stats.json digest.md digest.html axdaily.log; do
	check "the run folder has $f" "test -s $run/$f"
done
check 'no partial file is left' "! ls $run/*.partial"
check 'fetched.jsonl holds the feed papers' \
	"test \"\$(jq -r .id $run/fetched.jsonl | tr '\n' ' ')\" = '2604.21952 2604.21953 2604.21956 '"
check 'two papers a request: two requests' "test \$(wc -l <$run/requests.jsonl) -eq 2"
check 'the LLM server got two requests with the key' \
	"test \$(jq -s 'map(select(.auth)) | length' $tmp/llm.log) -eq 2"
check 'scored.jsonl has the server answers' \
	"test \"\$(jq -c '[.id, .relevance, .novelty]' $run/scored.jsonl | tr -d '\n')\" = '[\"2604.21952\",8,6][\"2604.21953\",2,3][\"2604.21956\",3,4]'"
check 'selected.jsonl holds the paper above the cutoffs' \
	"test \"\$(jq -r .id $run/selected.jsonl)\" = 2604.21952"
check 'stats.json has the header figures' \
	"jq -e '.date == \"$day\" and .total_papers == 3 and .scanned_papers == 3 and .selected_papers == 1 and .model == \"gpt-4.1\" and .calls == 2 and .prompt_tokens > 0' $run/stats.json"
check 'stats.json agrees with axcost on usage.jsonl' \
	"test \"\$(axcost --prices $ex/prices.txt $run/usage.jsonl | tail -n 1 | jq .total_cost)\" = \"\$(jq .total_cost $run/stats.json)\""
check 'the digest has the title line, the counts and the paper' \
	"head -n 1 $run/digest.md | grep -qx '# Personalized Daily ArXiv Papers $day' &&
	 grep -qx 'Total arXiv papers: 3' $run/digest.md &&
	 grep -qx 'Total scanned papers: 3' $run/digest.md &&
	 grep -qx 'Total relevant papers: 1' $run/digest.md &&
	 grep -q 'Focus Session: Hardware and Software Techniques' $run/digest.md"
check 'the digest is what axrender makes of the saved files' \
	"axrender --format md --stats $run/stats.json --system $ex/ml.system.md --user $ex/ml.user.md --date $day $run/selected.jsonl | cmp - $run/digest.md"
check 'the HTML digest and the site page' \
	"grep -q 'Focus Session' $run/digest.html && grep -rlq 'Focus Session' $tmp/out/site"
check 'the seen state holds the day' "grep -q 2604.21952 $tmp/seen"
# the synchronous day's price, for batch mode below
cp "$run/cost.json" "$tmp/cost.sync"

# -- a second run: everything from the cache -----------------------------
n=$(requests "$tmp/llm.log")
cp "$run/digest.md" "$tmp/digest.first"
check 'a second run of the day succeeds' "$daily -q"
check 'the second run sent no request' "test \$(requests $tmp/llm.log) -eq $n"
check 'the second run scanned the same papers (seen.before)' "test \$(wc -l <$run/scanned.jsonl) -eq 3"
check 'the second run gives the same digest' "cmp $tmp/digest.first $run/digest.md"

# -- --from: a new cutoff on the saved scores ----------------------------
cp "$run/scored.jsonl" "$tmp/scored.first"
check '--from select with a lower cutoff' "$daily -q --from select --set MIN_RELEVANCE=3 --set MIN_NOVELTY=1"
check '--from select left the scores alone' "cmp $tmp/scored.first $run/scored.jsonl"
check '--from select sent no request' "test \$(requests $tmp/llm.log) -eq $n"
check '--from select: two papers, best first' \
	"test \"\$(jq -r .id $run/selected.jsonl | tr '\n' ' ')\" = '2604.21952 2604.21956 '"
check '--from select: the digest says two' "grep -qx 'Total relevant papers: 2' $run/digest.md"
check '--to stops after the stage' \
	"rm $run/digest.md && $daily -q --from select --to select && test ! -f $run/digest.md"
check '--from render puts it back' "$daily -q --from render && test -s $run/digest.md"
check 'PROMPT_AUTHORS: the prompt shows that many authors of each paper, then how many more' \
	"$daily -q --from prompt --to prompt --set PROMPT_AUTHORS=1 &&
	 jq -r '.messages[-1].content' $run/requests.jsonl | grep '^Authors: ' >$tmp/pa &&
	 test \$(wc -l <$tmp/pa) -eq 3 && test \$(grep -c '^Authors: [^,]* and [0-9][0-9]* more\$' $tmp/pa) -eq 3 &&
	 $daily -q --from prompt --to prompt && jq -r '.messages[-1].content' $run/requests.jsonl >$tmp/pa2 &&
	 test \$(grep -c '^Authors: ' $tmp/pa2) -eq 3 && ! grep -q '^Authors: .* more\$' $tmp/pa2"
check_fail '--from a stage whose input is missing' 2 \
	"axdaily -c $tmp/ml.conf --date 2026-04-26 --from score"
check_fail '--from an unknown stage' 2 "$daily --from nope"

# -- SCORE_MODE=batch: the same day through the batch API ----------------
# a server that shows a batch done at its first poll, so nothing waits;
# each run of a day gets its own OUT, cache and seen state
# bsync LOG: chat requests sent one by one; bline LOG: answered in batches
bsync() {
	jq -s 'map(select(.path | test("/chat/completions$"))) | length' "$1"
}
bline() {
	jq -s 'map(select(.path == "batch")) | length' "$1"
}
server llmserver --data "$tmp/llm" --key sk-test --batch-polls 1 --log "$tmp/b.log"
bdaily="$daily --set SCORE_MODE=batch --set BASE_URL=http://127.0.0.1:$port/v1"
brun=$tmp/b/$day
check 'SCORE_MODE=batch makes the day in one run' \
	"$bdaily --set OUT=$tmp/b --set CACHE=$tmp/bcache --set SEEN=$tmp/bseen >$tmp/summary &&
	 grep -q '^$day: 1 relevant of 3 scanned (3 fetched), [$][0-9.]*: $brun/digest.md' $tmp/summary"
check 'batch: the two requests went in one batch, none one by one' \
	"test \$(bline $tmp/b.log) -eq 2 && test \$(bsync $tmp/b.log) -eq 0 &&
	 test \$(jq -s 'map(select(.path == \"/v1/batches\")) | length' $tmp/b.log) -eq 1"
check 'batch: every paper scored as in the synchronous run' "cmp $tmp/scored.first $brun/scored.jsonl"
check 'batch: the state file says collected, the answers are in CACHE' \
	"jq -e '.collected and (.keys | length == 2)' $brun/batch.json && test \$(ls $tmp/bcache | wc -l) -eq 2"
check 'batch: the usage records are marked batch_api' \
	"jq -e -s 'length == 2 and (map(.batch_api == true) | all)' $brun/usage.jsonl"
check 'batch: cost.json is half the synchronous price of the day' \
	"jq -e -n --slurpfile s $tmp/cost.sync --slurpfile b $brun/cost.json \
	 '\$b[0].total_cost > 0 and (\$s[0].total_cost / 2 - \$b[0].total_cost | fabs) < 0.000001'"
printf '# %s: sync $%s, batch $%s\n' "$day" "$(jq .total_cost "$tmp/cost.sync")" "$(jq .total_cost "$brun/cost.json")"
check 'batch: the digest is the synchronous one' \
	"sed 1,/^Total/d $brun/digest.md | grep -v '^Cost' >$tmp/d.b && sed 1,/^Total/d $tmp/digest.first | grep -v '^Cost' | cmp - $tmp/d.b"

# SCORE_MODE=submit at night, the server restarts, --from score in the morning
sdaily="$daily --set OUT=$tmp/s --set CACHE=none --set SEEN=$tmp/sseen"
srun=$tmp/s/$day
server llmserver --data "$tmp/llm" --key sk-test --batch-polls 1 --state "$tmp/srv.json" --log "$tmp/s1.log"
spid=$!
check 'SCORE_MODE=submit stops after the submit with one line' \
	"$sdaily --set SCORE_MODE=submit --set BASE_URL=http://127.0.0.1:$port/v1 >$tmp/note &&
	 test \"\$(cat $tmp/note)\" = '$day: batch submitted; run axdaily --from score later'"
check 'submit: requests.jsonl saved, the batch uncollected in batch.json, nothing scored' \
	"test -s $srun/requests.jsonl && jq -e '.collected == false and .id == \"batch_2\"' $srun/batch.json &&
	 test ! -e $srun/scored.jsonl && test ! -e $srun/digest.md && test \$(bsync $tmp/s1.log) -eq 0"
cp "$srun/requests.jsonl" "$tmp/requests.submitted"
check 'submitting the day again submits nothing more' \
	"$sdaily -q --set SCORE_MODE=submit --set BASE_URL=http://127.0.0.1:$port/v1 &&
	 test \$(jq -s 'map(select(.path == \"/v1/batches\")) | length' $tmp/s1.log) -eq 1"
check_fail 'other requests while the batch waits are refused' 1 \
	"$sdaily --set SCORE_MODE=submit --set BATCH=1 --set BASE_URL=http://127.0.0.1:$port/v1"
cp "$tmp/.err" "$tmp/fail.err"
check '... and the submitted requests.jsonl is kept' \
	"grep -q 'requests differ from those of batch batch_2' $tmp/fail.err && cmp $tmp/requests.submitted $srun/requests.jsonl"
check_fail 'SCORE_MODE=sync will not pay again for a batch not collected' 2 \
	"$sdaily --from score --set BASE_URL=http://127.0.0.1:$port/v1"
cp "$tmp/.err" "$tmp/fail.err"
check '... and says how to collect it' \
	"grep -q 'batch batch_2 in $srun/batch.json is not collected yet' $tmp/fail.err && test \$(bsync $tmp/s1.log) -eq 0"
kill "$spid"
# a server that does not know the batch: not readable yet
server llmserver --data "$tmp/llm" --key sk-test --log "$tmp/s2.log"
check_fail 'a batch not readable yet fails the collect' 1 \
	"$sdaily --from score --set SCORE_MODE=batch --set BASE_URL=http://127.0.0.1:$port/v1"
cp "$tmp/.err" "$tmp/fail.err"
check 'it says so in one line, and keeps the files' \
	"test \$(wc -l <$tmp/fail.err) -eq 1 &&
	 grep -q '^axdaily: $day: batch batch_2 not readable yet; files kept in $srun' $tmp/fail.err &&
	 test -s $srun/requests.jsonl && jq -e '.collected == false' $srun/batch.json &&
	 test ! -e $srun/scored.jsonl && test ! -e $srun/digest.md && test \$(bsync $tmp/s2.log) -eq 0"
server llmserver --data "$tmp/llm" --key sk-test --batch-polls 1 --state "$tmp/srv.json" --log "$tmp/s3.log"
check 'after the restart, --from score collects and finishes the day' \
	"$sdaily -q --from score --set SCORE_MODE=batch --set BASE_URL=http://127.0.0.1:$port/v1 &&
	 cmp $tmp/scored.first $srun/scored.jsonl && test -s $srun/digest.md"
check 'collect: nothing asked again, the answers in the day folder, billed once at batch price' \
	"test \$(bsync $tmp/s3.log) -eq 0 && test \$(bline $tmp/s3.log) -eq 0 &&
	 test \$(ls $srun/cache | wc -l) -eq 2 && jq -e .collected $srun/batch.json &&
	 jq -e -s 'length == 2 and (map(.batch_api) | all)' $srun/usage.jsonl &&
	 jq -e -n --slurpfile a $brun/cost.json --slurpfile b $srun/cost.json '\$a[0].total_cost == \$b[0].total_cost'"
server llmserver --data "$tmp/llm" --key sk-test --no-batches --log "$tmp/nob.log"
check 'submit to a server without a batch API: asked one by one, the day goes on' \
	"$daily --set OUT=$tmp/nob --set CACHE=$tmp/nobcache --set SEEN= --set SCORE_MODE=submit \
	 --set BASE_URL=http://127.0.0.1:$port/v1 >$tmp/summary &&
	 grep -q '^$day: 1 relevant of 3 scanned' $tmp/summary && test \$(bsync $tmp/nob.log) -eq 2 &&
	 test ! -e $tmp/nob/$day/batch.json"
check_fail 'SCORE_MODE takes sync, batch or submit' 2 "$daily --set SCORE_MODE=nightly"

# -- a failing stage -----------------------------------------------------
conf "$tmp/nokey.conf" \
	'CATEGORIES=cs.LG' "FEED_URL=$feed/rss" \
	"SYSTEM_PROMPT=$ex/ml.system.md" "USER_PROMPT=$ex/ml.user.md" \
	'MODEL=gpt-4.1' "BASE_URL=$llm" "CACHE=$tmp/cache2" "OUT=$tmp/fail"
OPENAI_API_KEY=sk-wrong
export OPENAI_API_KEY
check_fail 'a rejected key fails the run' 1 "axdaily -c $tmp/nokey.conf --date $day -n"
cp "$tmp/.err" "$tmp/fail.err"
check 'one line names the failed stage, the cause in the server words, the files and the log' \
	"test \$(wc -l <$tmp/fail.err) -eq 1 &&
	 grep -q '^axdaily: $day: score failed: 3 papers unscored: HTTP 401: Incorrect API key provided[.]; files kept in $tmp/fail/$day, log in $tmp/fail/$day/axdaily.log\$' $tmp/fail.err"
check "axscore's own messages are in the log" "grep -q '^axscore: ' $tmp/fail/$day/axdaily.log"
check 'the earlier stages are kept' \
	"test -s $tmp/fail/$day/fetched.jsonl && test -s $tmp/fail/$day/scanned.jsonl && test -s $tmp/fail/$day/requests.jsonl"
check 'no scored.jsonl, no digest' "test ! -f $tmp/fail/$day/scored.jsonl && test ! -f $tmp/fail/$day/digest.md"
check 'the failed attempts are in usage.jsonl' "test -s $tmp/fail/$day/usage.jsonl"
unset OPENAI_API_KEY
printf '{"batch": 1, "papers": [\n' >"$tmp/fail/$day/requests.jsonl"
check_fail 'a malformed saved file fails its stage' 1 \
	"axdaily -c $tmp/nokey.conf --date $day -n --from score --set API_KEY_FILE=$tmp/key"
cp "$tmp/.err" "$tmp/fail.err"
check 'the message names the file and line' "grep -q 'requests.jsonl:1' $tmp/fail.err"

# -- an empty day, a busy day --------------------------------------------
conf "$tmp/cl.conf" 'CATEGORIES=cs.CL' "FEED_URL=$feed/rss" "API_KEY_FILE=$tmp/key" \
	"SYSTEM_PROMPT=$ex/ml.system.md" "USER_PROMPT=$ex/ml.user.md" "OUT=$tmp/empty"
check 'a day with no announcements ends cleanly' \
	"axdaily -c $tmp/cl.conf --date 2026-08-01 -n >$tmp/note && test \$(wc -l <$tmp/note) -eq 1 && grep -q 'no announcements' $tmp/note"
check 'and makes no digest' "test ! -f $tmp/empty/2026-08-01/digest.md"
check "the morning's --from score after an empty night ends the same way" \
	"axdaily -c $tmp/cl.conf --date 2026-08-01 -n --from score --set SCORE_MODE=batch >$tmp/note &&
	 test \$(wc -l <$tmp/note) -eq 1 && grep -q 'no announcements' $tmp/note"
mkdir -p "$tmp/out/2026-04-20/.lock"
sleep 60 &
busy=$!
echo $busy >"$tmp/out/2026-04-20/.lock/pid"
check_fail 'a second run of a busy day is refused' 1 "axdaily -c $tmp/ml.conf --date 2026-04-20 -n"
kill $busy
wait $busy 2>/dev/null

# -- followed authors ----------------------------------------------------
printf '# followed\nMichal Valko\n' >"$tmp/authors"
n=$(requests "$tmp/llm.log")
check 'a followed author leads the digest' \
	"$daily -q --from scan --set AUTHORS=$tmp/authors --set CACHE=$tmp/cache3 &&
	 test \"\$(jq -r .id $run/selected.jsonl | head -n 1)\" = 2604.21956 &&
	 jq -s -e 'map(select(.id == \"2604.21956\"))[0].reason == \"Author match\"' $run/selected.jsonl"
check "the followed author's paper was not sent" \
	"test \$(tail -n +\$(($n + 1)) $tmp/llm.log | jq -s '[.[].ids[]] | index(\"2604.21956\")') = null"

# -- delivery ------------------------------------------------------------
cat >"$tmp/sendmail" <<EOF
#!/bin/sh
echo "\$*" >$tmp/sendmail.args
cat >$tmp/sendmail.msg
EOF
chmod +x "$tmp/sendmail"
cat >"$tmp/hook.py" <<'EOF'
import sys, http.server
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        open(sys.argv[2], "wb").write(body)
        open(sys.argv[2] + ".type", "w").write(self.headers["Content-Type"])
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1] + ".tmp", "w").write(str(s.server_address[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.timeout = 60
s.handle_request()
EOF
python3 "$tmp/hook.py" "$tmp/hook.port" "$tmp/hook.body" &
_servers="$_servers $!"
i=0
while [ ! -s "$tmp/hook.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check 'deliver mails and posts the digest' \
	"axdaily -c $tmp/ml.conf --date $day --from deliver --set MAIL_TO=reader@example.org \
	 --set MAIL_FROM=ax@example.org --set SENDMAIL=$tmp/sendmail \
	 --set WEBHOOK_URL=http://127.0.0.1:\$(cat $tmp/hook.port)/hook"
check 'sendmail ran with -t -i' "grep -qx -- '-t -i' $tmp/sendmail.args"
check 'the mail is multipart text and HTML' \
	"grep -qx 'To: reader@example.org' $tmp/sendmail.msg &&
	 grep -q '^Subject: Personalized Daily ArXiv Papers $day' $tmp/sendmail.msg &&
	 grep -q '^Content-Type: multipart/alternative' $tmp/sendmail.msg &&
	 grep -qx 'Content-Type: text/plain; charset=utf-8' $tmp/sendmail.msg &&
	 grep -qx 'Content-Type: text/html; charset=utf-8' $tmp/sendmail.msg"
check 'the text part is the plain-text digest' \
	"awk '/^Content-Type: text\\/plain/{h=1} h && /^\$/{p=1; h=0; next} /^--/{p=0} p' $tmp/sendmail.msg | base64 -d | cmp - $run/digest.txt"
check 'sendmail got local line ends, with a Date and a Message-ID' \
	"! grep -q \"\$(printf '\\r')\" $tmp/sendmail.msg && grep -q '^Date: ' $tmp/sendmail.msg &&
	 grep -q '^Message-ID: <ax\\.$day\\..*@.*>\$' $tmp/sendmail.msg"
check 'the day is marked delivered per channel' "test -s $run/delivered.mail && test -s $run/delivered.webhook"
check 'the webhook got Slack JSON naming the paper' \
	"grep -qx application/json $tmp/hook.body.type && jq -e '.text | test(\"2 relevant of 3 scanned\") and test(\"arxiv.org/abs/2604.21952\")' $tmp/hook.body"

cat >"$tmp/smtp.py" <<'EOF'
import os, socketserver, sys
class H(socketserver.StreamRequestHandler):
    def handle(self):
        w = lambda s: self.wfile.write(s.encode() + b"\r\n")
        log = open(sys.argv[2], "wb")
        w("220 localhost ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            log.write(line)
            cmd = line.decode().strip().upper()
            if cmd.startswith("EHLO"):
                w("250-localhost"); w("250 8BITMIME")
            elif cmd == "DATA":
                w("354 go on")
                while True:
                    l = self.rfile.readline()
                    if l in (b".\r\n", b""):
                        break
                    log.write(l)
                log.flush()
                w("250 queued")
            elif cmd == "QUIT":
                w("221 bye"); return
            else:
                w("250 OK")
s = socketserver.TCPServer(("127.0.0.1", 0), H)
open(sys.argv[1] + ".tmp", "w").write(str(s.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.timeout = 60
s.handle_request()
EOF
python3 "$tmp/smtp.py" "$tmp/smtp.port" "$tmp/smtp.log" &
_servers="$_servers $!"
i=0
while [ ! -s "$tmp/smtp.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check 'deliver through SMTP with curl' \
	"axdaily -c $tmp/ml.conf --date $day --from deliver --redeliver --set MAIL_TO=a@example.org,b@example.org \
	 --set MAIL_FROM=ax@example.org --set SMTP_URL=smtp://127.0.0.1:\$(cat $tmp/smtp.port)"
check 'the SMTP server got both recipients and the message' \
	"grep -q 'RCPT TO:<a@example.org>' $tmp/smtp.log && grep -q 'RCPT TO:<b@example.org>' $tmp/smtp.log &&
	 grep -q '^Content-Type: multipart/alternative' $tmp/smtp.log"
check 'SMTP: every line of the message ends in CRLF' \
	"sed -n '/^DATA/,\$p' $tmp/smtp.log | sed 1d | grep -v '^QUIT' | grep -vc \"\$(printf '\\r')\$\" | grep -qx 0"

# -- the config file -----------------------------------------------------
check 'the shipped config documents every key axdaily reads (the README says so)' \
	"axdaily -c $top/examples/config --show-config | cut -d= -f1 | sort >$tmp/keys.read &&
	 grep -o '^[A-Z_]*=' $top/examples/config | tr -d = | sort >$tmp/keys.doc &&
	 test -s $tmp/keys.read && diff $tmp/keys.read $tmp/keys.doc"
conf "$tmp/typo.conf" 'MIN_RELEVENCE=7'
check_fail 'an unknown key is an error' 2 "axdaily -c $tmp/typo.conf --show-config"
cp "$tmp/.err" "$tmp/fail.err"
check 'which names the file and line' "grep -q 'typo.conf:2: unknown key MIN_RELEVENCE' $tmp/fail.err"
conf "$tmp/q.conf" 'MATCH="a b'
check_fail 'an unterminated quote is an error' 2 "axdaily -c $tmp/q.conf --show-config"
conf "$tmp/x.conf" 'MATCH="$(touch '"$tmp"'/pwned)"' "EXCLUDE='\$(touch $tmp/pwned)'  # comment" 'OUT=runs' 'SEEN=~/seen'
check 'the config is never executed' \
	"axdaily -c $tmp/x.conf --show-config >$tmp/shown; test ! -e $tmp/pwned"
check 'values are literal, paths relative to the config, ~ is HOME' \
	"grep -qx \"EXCLUDE='\\\$(touch $tmp/pwned)'\" $tmp/shown &&
	 grep -qx \"OUT='$tmp/runs'\" $tmp/shown && grep -qx \"SEEN='\$HOME/seen'\" $tmp/shown"
check_fail 'no config file' 2 "axdaily -c $tmp/none.conf"
check 'axdaily -h' "axdaily -h | grep -q '^usage: axdaily'"
check 'axdaily --version' "axdaily --version | grep -q '^axdaily (ax) [0-9]'"
check_fail 'axdaily with a bad option' 2 'axdaily --no-such-option'

# -- axgroup: one fetch, two readers -------------------------------------
mkdir -p "$tmp/profiles"
conf "$tmp/profiles/a.conf" 'CATEGORIES=cs.LG' "FEED_URL=$feed/rss" \
	"SYSTEM_PROMPT=$ex/ml.system.md" "USER_PROMPT=$ex/ml.user.md" 'MODEL=gpt-4.1' \
	"BASE_URL=$llm" "API_KEY_FILE=$tmp/key" "CACHE=$tmp/cache" "PRICES=$ex/prices.txt" "OUT=$tmp/ga" 'MIN_RELEVANCE=7'
conf "$tmp/profiles/b.conf" 'CATEGORIES=cs.CL' "FEED_URL=$feed/rss" \
	"SYSTEM_PROMPT=$ex/ml.system.md" "USER_PROMPT=$ex/ml.user.md" 'MODEL=gpt-4.1' \
	"BASE_URL=$llm" "API_KEY_FILE=$tmp/key" "CACHE=$tmp/cache" "PRICES=$ex/prices.txt" "OUT=$tmp/gb" 'MIN_RELEVANCE=1'
: >"$tmp/feed.log"
check 'axgroup makes one digest per profile' \
	"axgroup -n -j 2 -o $tmp/group --date $day $tmp/profiles >$tmp/group.out &&
	 test -s $tmp/ga/$day/digest.md && test -s $tmp/gb/$day/digest.md"
check 'axgroup fetched once for both' \
	"test \$(wc -l <$tmp/feed.log) -eq 1 && grep -q '/rss/cs.LG+cs.CL' $tmp/feed.log"
check 'each profile kept its own categories' \
	"test \"\$(jq -r .id $tmp/ga/$day/scanned.jsonl | tr '\n' ' ')\" = '2604.21952 2604.22027 ' &&
	 test \"\$(jq -r .id $tmp/gb/$day/scanned.jsonl)\" = 2604.22027"
check 'axgroup printed both summary lines' "test \$(grep -c 'relevant of' $tmp/group.out) -eq 2"
check_fail 'axgroup on a folder without profiles' 2 "axgroup --date $day $tmp/ga"
check 'axgroup -h' "axgroup -h | grep -q '^usage: axgroup'"
check 'axgroup --version' "axgroup --version | grep -q '^axgroup (ax) [0-9]'"
check_fail 'axgroup with a bad option' 2 'axgroup --no-such-option'
check 'both have man pages' "test -f $top/man/man1/axdaily.1 && test -f $top/man/man1/axgroup.1"

# -- a whole real day offline: the OAI-PMH harvest of 2023-03-07 --------
if axscore --provider local --topics "$ex/ml.user.md" </dev/null >/dev/null 2>&1; then
	conf "$tmp/oai.conf" 'CATEGORIES=cs.LG' 'SOURCE=oai' 'OAI_FORMAT=oai_dc' \
		"FEED_URL=$feed/oai" 'ANNOUNCE=' \
		"SYSTEM_PROMPT=$ex/ml.system.md" "USER_PROMPT=$ex/ml.user.md" \
		'PROVIDER=local' 'CACHE=none' "PRICES=$ex/prices.txt" 'MIN_RELEVANCE=7' 'TOP=25' "OUT=$tmp/oai"
	check 'the 2265 papers of 2023-03-07 through the OAI server and the local model' \
		"axdaily -c $tmp/oai.conf --date 2023-03-07 -n -q &&
		 jq -e '.total_papers == 2265 and .scanned_papers == 2265 and .selected_papers <= 25 and .selected_papers > 0' $tmp/oai/2023-03-07/stats.json"
	check 'every scanned paper was scored' \
		"test \$(wc -l <$tmp/oai/2023-03-07/scored.jsonl) -eq 2265 && ! jq -e 'select(.error)' $tmp/oai/2023-03-07/scored.jsonl >/dev/null"
	check 'PREFILTER 10 sends a tenth of the day on' \
		"axdaily -c $tmp/oai.conf --date 2023-03-07 -n -q --from scan --set PREFILTER=10 &&
		 test \$(wc -l <$tmp/oai/2023-03-07/filtered.jsonl) -eq 2265 &&
		 exits 4 jq -e 'select(.local_score == null)' $tmp/oai/2023-03-07/ranked.jsonl >/dev/null &&
		 jq -e '.total_papers == 2265 and .scanned_papers >= 220 and .scanned_papers <= 230' $tmp/oai/2023-03-07/stats.json"
	check '... and its summary line says how many the prefilter left out' \
		"axdaily -c $tmp/oai.conf --date 2023-03-07 -n --from render --set PREFILTER=10 >$tmp/pre.out &&
		 n=\$(jq .scanned_papers $tmp/oai/2023-03-07/stats.json) &&
		 grep -q \"^2023-03-07: [0-9]* relevant of \$n scanned (2265 fetched, \$((2265 - n)) left out by the prefilter)[,:] \" $tmp/pre.out"
	check 'make demo leaves the digest and the site' \
		"(cd $tmp && sh $top/pipelines/demo) && test -s $tmp/demo/2023-03-07/digest.md && test -s $tmp/demo/site/index.html"
else
	_notok 'axscore --provider local is missing: no offline day, no demo'
fi
# -- --check: every problem with its config line, before anything is paid --
check '--check on a good config: ready, exit 0, the key file named once' \
	"$daily --check >$tmp/check.out && grep -q 'ready' $tmp/check.out &&
	 grep -q 'key from $tmp/key, ' $tmp/check.out && ! grep -q '$tmp/key$tmp/key' $tmp/check.out"
conf "$tmp/bad.conf" \
	'CATEGORIES="cs.LG nope.XX"' "FEED_URL=$feed/rss" \
	"SYSTEM_PROMPT=$ex/ml.system.md" "USER_PROMPT=$ex/ml.system.md" \
	'ANNOUNCE=new,sideways' 'JOBS=many' 'MIN_RELEVANCE=11' 'PREFILTER=0' \
	'MODEL=llama3:8b' 'BUDGET=1' "PRICES=$ex/prices.txt" \
	'MAIL_TO=reader-at-example.org' 'SMTP_URL=http://mail.example.org' 'WEBHOOK_URL=ftp://hooks.example.org' \
	'SITE_URL=example.org/arxiv' "OUT=$tmp/key/ax" 'PRICE_IN=0.1'
check_fail '--check on a bad config exits 2' 2 "axdaily -c $tmp/bad.conf --check"
cp "$tmp/.err" "$tmp/check.err"
sed 's/^/# /' "$tmp/check.err"
for want in "bad.conf:2: CATEGORIES=cs.LG nope.XX: nope.XX is not an arXiv category" \
    "bad.conf:5: USER_PROMPT=$ex/ml.system.md: no {{papers}} in the prompts" \
    "bad.conf:5: USER_PROMPT=$ex/ml.system.md: $ex/ml.system.md: no topic words" \
    "bad.conf:6: ANNOUNCE=new,sideways: sideways is not an announce type" \
    "bad.conf:7: JOBS=many: not a whole number" \
    "bad.conf:8: MIN_RELEVANCE=11: out of range (1-10)" \
    "bad.conf:9: PREFILTER=0: out of range (1-100)" \
    "bad.conf:11: BUDGET=1: no price for llama3:8b" \
    "bad.conf:13: MAIL_TO=reader-at-example.org: reader-at-example.org is not a mail address" \
    "bad.conf:14: SMTP_URL=http://mail.example.org: not a smtp or smtps URL" \
    "bad.conf:15: WEBHOOK_URL=ftp://hooks.example.org: not a http or https URL" \
    "bad.conf:16: SITE_URL=example.org/arxiv: not a http or https URL" \
    "bad.conf:17: OUT=$tmp/key/ax: $tmp/key is not a writable folder" \
    "bad.conf:18: PRICE_IN=0.1: needs PRICE_OUT too" \
    'no API key: export OPENAI_API_KEY' \
    'bad.conf: 16 problems'; do
	check "--check names: $want" "grep -qF '$want' $tmp/check.err"
done
check_fail '--check: PROMPT_AUTHORS and TRAIN_DAYS are whole numbers too' 2 \
	"$daily --check --set PROMPT_AUTHORS=-1 --set TRAIN_DAYS=abc"
cp "$tmp/.err" "$tmp/ints.err"
check '... each named' \
	"grep -q 'PROMPT_AUTHORS=-1: not a whole number' $tmp/ints.err && grep -q 'TRAIN_DAYS=abc: not a whole number' $tmp/ints.err"
n=$(wc -l <"$tmp/feed.log")
check_fail 'a run with a bad MIN_RELEVANCE fails before fetching' 2 \
	"$daily --set MIN_RELEVANCE=70 --set OUT=$tmp/early"
cp "$tmp/.err" "$tmp/early.err"
check '... naming the --set, and nothing fetched' \
	"grep -q '^axdaily: --set: MIN_RELEVANCE=70: out of range' $tmp/early.err && test \$(wc -l <$tmp/feed.log) -eq $n && test ! -e $tmp/early"
check_fail 'a run that scores with no key at all fails before fetching' 2 \
	"axdaily -c $tmp/nokey.conf --date $day -n --set BASE_URL= --set OUT=$tmp/early"
cp "$tmp/.err" "$tmp/early.err"
check '... and says how to give one, never a value' \
	"grep -q 'no API key: export OPENAI_API_KEY, or set API_KEY_FILE' $tmp/early.err && test \$(wc -l <$tmp/feed.log) -eq $n"
check 'a missing API_KEY_FILE falls back to the environment' \
	"OPENAI_API_KEY=sk-test $daily -q --set API_KEY_FILE=$tmp/no-such.key --set OUT=$tmp/envkey --set SEEN= --set CACHE=none &&
	 test -s $tmp/envkey/$day/digest.md"
check 'an existing API_KEY_FILE wins over the environment' \
	"OPENAI_API_KEY=sk-wrong $daily -q --set OUT=$tmp/filekey --set SEEN= --set CACHE=none && test -s $tmp/filekey/$day/digest.md"

# -- --dry-run, --to and the seen state -------------------------------------
n=$(requests "$tmp/llm.log")
check '--dry-run fetches, prompts and prints the estimate' \
	"$daily --dry-run --set OUT=$tmp/dry --set SEEN=$tmp/dryseen >$tmp/dry.out &&
	 grep -q '^$day: dry run: 3 papers to score in 2 requests to gpt-4.1, about [0-9]* input tokens, estimated [$]0[.][0-9]*\$' $tmp/dry.out"
check '--dry-run sent nothing, scored nothing, marked nothing seen' \
	"test \$(requests $tmp/llm.log) -eq $n && test -s $tmp/dry/$day/requests.jsonl && test ! -e $tmp/dry/$day/scored.jsonl &&
	 test ! -s $tmp/dryseen"
check '--to score marks nothing seen' \
	"$daily -q --to score --set OUT=$tmp/dry --set SEEN=$tmp/dryseen && test -s $tmp/dry/$day/scored.jsonl && test ! -s $tmp/dryseen"
check '... the digest does' \
	"$daily -q --from select --set OUT=$tmp/dry --set SEEN=$tmp/dryseen && test \$(wc -l <$tmp/dryseen) -eq 3"
check 'OUT/latest points at the day with the digest' "test \"\$(readlink $tmp/dry/latest)\" = $day"
check_fail 'a seen line with no arXiv id fails the scan, named in the user'"'"'s file and line' 1 \
	"printf '2604.21952\\nnot-an-id\\n' >$tmp/badseen &&
	 $daily -q --set OUT=$tmp/badseenrun --set SEEN=$tmp/badseen --set CACHE=none 2>$tmp/badseen.err"
check '... the message names SEEN:2, not the run folder'"'"'s copy' \
	"grep -q '$tmp/badseen:2: ' $tmp/badseen.err && ! grep -q seen.work $tmp/badseen.err"

# -- a model with no price ----------------------------------------------------
check 'no price: the summary says cost unknown, never $0 or $null' \
	"$daily --set MODEL=llama3:8b --set BUDGET= --set OUT=$tmp/np --set SEEN= --set CACHE=none >$tmp/np.out &&
	 grep -q '^$day: 1 relevant of 3 scanned (3 fetched), cost unknown (no price for llama3:8b): ' $tmp/np.out &&
	 jq -e '.total_cost == null' $tmp/np/$day/stats.json"
check '... and so does the digest: cost unknown in Markdown, HTML, text and Atom, no $0' \
	"grep -q '^| \\*\\*Cost\\*\\*  *| unknown  *| unknown  *| unknown  *|$' $tmp/np/$day/digest.md &&
	 ! grep -q '[$]0' $tmp/np/$day/digest.md &&
	 grep -q '<td>unknown</td><td>unknown</td><td>unknown</td>' $tmp/np/$day/digest.html &&
	 grep -q '^Model llama3:8b: [0-9]* tokens, cost unknown$' $tmp/np/$day/digest.txt &&
	 axrender -f atom --stats $tmp/np/$day/stats.json $tmp/np/$day/selected.jsonl | grep -q 'tokens, cost unknown;'"
check 'PRICE_IN and PRICE_OUT price a local model' \
	"$daily --set MODEL=llama3:8b --set PRICE_IN=100 --set PRICE_OUT=400 --set OUT=$tmp/np2 --set SEEN= --set CACHE=none >$tmp/np.out &&
	 grep -q '^$day: 1 relevant of 3 scanned (3 fetched), [$][0-9]*[.][0-9]*: ' $tmp/np.out &&
	 jq -e '.total_cost > 0' $tmp/np2/$day/stats.json && grep -q '^llama3:8b' $tmp/np2/$day/prices.txt"

# -- KEEP_DAYS ----------------------------------------------------------------
mkdir -p "$tmp/keep/2026-04-01" "$tmp/keep/2026-04-25"
for d in 2026-04-01 2026-04-25; do
	for f in digest.md digest.html stats.json fetched.jsonl scored.jsonl axdaily.log; do echo x >"$tmp/keep/$d/$f"; done
done
check 'KEEP_DAYS=7: older run folders keep only their digest' \
	"$daily -q --set OUT=$tmp/keep --set SEEN= --set CACHE=none --set KEEP_DAYS=7 &&
	 test \"\$(ls $tmp/keep/2026-04-01 | tr '\n' ' ')\" = 'digest.html digest.md stats.json ' &&
	 test -f $tmp/keep/2026-04-25/scored.jsonl && test -f $tmp/keep/$day/fetched.jsonl"

# -- progress on a terminal -----------------------------------------------------
if command -v script >/dev/null 2>&1; then
	check 'on a terminal: a line per stage start and end, with counts and seconds' \
		"script -qec '$daily --set OUT=$tmp/tty --set SEEN= --set CACHE=none' /dev/null >$tmp/tty.out &&
		 grep -q 'axdaily: $day: fetch\\.\\.\\.' $tmp/tty.out &&
		 grep -q 'axdaily: $day: scan: 3 papers in, 3 out in [0-9.]*s' $tmp/tty.out &&
		 grep -q 'axdaily: $day: score: 3 papers scored in [0-9.]*s' $tmp/tty.out &&
		 grep -q 'axscore: 2/2 requests' $tmp/tty.out"
	check '... and nothing of it with -q' \
		"script -qec '$daily -q --set OUT=$tmp/tty --set SEEN= --set CACHE=none' /dev/null >$tmp/tty.out && ! grep -q . $tmp/tty.out"
fi
check 'stderr not a terminal: nothing on stderr on success' \
	"$daily --set OUT=$tmp/tty2 --set SEEN= --set CACHE=none 2>$tmp/tty.err >/dev/null && test ! -s $tmp/tty.err"

# -- the jq programs, on saved stats --------------------------------------------
sr=$ex/run/2023-03-07
check 'fates.jq on the saved stats of a real day: 10 selected, the other 255 below the cutoffs' \
	"jq -s -c --argjson selected \$(wc -l <$sr/selected.jsonl) --argjson scan \"\$(cat $sr/scan-stats.json)\" \
	    --argjson pre null --argjson select \"\$(cat $sr/select-stats.json)\" -f $top/pipelines/fates.jq $sr/scored.jsonl >$tmp/fates.json &&
	 test \"\$(cat $tmp/fates.json)\" = '{\"selected\":10,\"below_cutoff\":255,\"dropped\":{\"announce\":0,\"dedupe\":0},\"unscored\":0,\"over_budget\":0}'"
printf '%s\n' '{"id":"a","error":"HTTP 500"}' '{"id":"b","error":"budget"}' '{"id":"c","relevance":3}' >"$tmp/fates-scored.jsonl"
check 'fates.jq counts unscored and over-budget papers apart, and the prefilter' \
	"jq -s -c --argjson selected 0 --argjson scan null --argjson pre '{\"dropped\":{\"top_percent\":7}}' --argjson select null \
	    -f $top/pipelines/fates.jq $tmp/fates-scored.jsonl | jq -e '.unscored == 1 and .over_budget == 1 and .dropped.prefilter == 7'"
check 'stats.jq gives the saved stats.json of a real day (made before fates)' \
	"jq -n -S --arg date 2023-03-07 --arg model local --argjson total \$(wc -l <$sr/fetched.jsonl) \
	    --argjson scanned \$(wc -l <$sr/scanned.jsonl) --argjson selected \$(wc -l <$sr/selected.jsonl) \
	    --slurpfile cost $sr/cost.json --argjson scan \"\$(cat $sr/scan-stats.json)\" --argjson pre null \
	    --argjson select \"\$(cat $sr/select-stats.json)\" --slurpfile fates $tmp/fates.json \
	    -f $top/pipelines/stats.jq | jq -S 'del(.fates)' >$tmp/stats.s && jq -S 'del(.fates)' $sr/stats.json | cmp - $tmp/stats.s"
printf '%s\n' '{"id":"2601.00001","title":"Fast & <safe> \"quoted\" models","relevance":9,"novelty":7}' \
	'{"id":"2601.00002","title":"Second"}' >"$tmp/hook-sel.jsonl"
check 'webhook.jq: titles escaped for Slack and JSON, cost and page as given' \
	"jq -s -c --arg date $day --arg selected 2 --arg scanned 40 --arg cost 0.04 --arg model gpt-4.1 \
	    --arg page https://example.org/arxiv/$day.html -f $top/pipelines/webhook.jq $tmp/hook-sel.jsonl >$tmp/hook.json &&
	 jq -e '.text | test(\"Fast &amp; &lt;safe&gt; \\\"quoted\\\" models>\") and test(\", [$]0[.]04 <https://example.org/arxiv/$day.html[|]digest>\")
	     and test(\"[(]9/7[)]\") and test(\"2601.00002[|]Second>\")' $tmp/hook.json"
check 'webhook.jq: a model without a price' \
	"jq -s -c --arg date $day --arg selected 2 --arg scanned 40 --arg cost unknown --arg model 'llama3:8b' \
	    --arg page '' -f $top/pipelines/webhook.jq $tmp/hook-sel.jsonl | jq -e '.text | test(\"cost unknown [(]no price for llama3:8b[)]\") and (test(\"digest>\") | not)'"
check 'the webhook rounds the cost as the digest does' \
	"jq -e '.text | test(\", [$][0-9]+[.][0-9]{1,2}\\n\")' $tmp/hook.body"

# -- some papers unscored: the day goes on, and says so once at the end --------
server llmserver --data "$tmp/llm" --fault prose --faults 1 --log "$tmp/prose.log"
# one request at a time: the first to arrive gets the prose, and it must be
# the batch of 2 (with JOBS=8 the batch of 1 may come first on a slow machine)
check_fail 'a day with papers unscored ends with status 1' 1 \
	"$daily --set OUT=$tmp/prose --set SEEN= --set CACHE=none --set RETRIES=0 --set JOBS=1 --set BASE_URL=http://127.0.0.1:$port/v1"
cp "$tmp/.err" "$tmp/prose.err"
check '... in one line: the count, the cause, the log; no "failed" before it' \
	"test \$(wc -l <$tmp/prose.err) -eq 1 &&
	 grep -q '^axdaily: $day: score: 2 papers unscored: .*; the digest says so; log in $tmp/prose/$day/axdaily.log\$' $tmp/prose.err"
check '... and the digest is made, saying so' "grep -q 'Not scored: 2 papers' $tmp/prose/$day/digest.md"
# every answer prose, the asking again too: none scored, the day stops, and
# its one line quotes the papers' error, not axscore's last progress line
server llmserver --data "$tmp/llm" --fault prose --faults 0 --log "$tmp/prose0.log"
check_fail 'a day with no paper scored fails' 1 \
	"$daily --set OUT=$tmp/prose0 --set SEEN= --set CACHE=none --set RETRIES=1 --set BASE_URL=http://127.0.0.1:$port/v1"
cp "$tmp/.err" "$tmp/prose0.err"
check '... in one line: the count and the error of the papers, not "asking again"' \
	"test \$(wc -l <$tmp/prose0.err) -eq 1 &&
	 grep -q '^axdaily: $day: score failed: 3 papers unscored: the model answered prose, not JSON lines: .* (after 2 rounds); files kept in' $tmp/prose0.err &&
	 ! grep -q 'asking again' $tmp/prose0.err"

# -- the mail's text part: axrender --format text ------------------------------
check 'axrender --format text: every paper with its id link and all its authors, plain, wrapped' \
	"axrender -f text --stats $ex/stats-2025-09-10.json $ex/scored-2025-09-10.jsonl >$tmp/d.txt &&
	 head -n 1 $tmp/d.txt | grep -qx 'Personalized Daily ArXiv Papers 2025-09-10' &&
	 grep -qx 'Total relevant papers: 20' $tmp/d.txt &&
	 ! grep -q '[*][*]\\|<a \\|](' $tmp/d.txt &&
	 ! grep -v 'https:' $tmp/d.txt | grep -qE '^.{73,}' &&
	 tr '\\n' ' ' <$tmp/d.txt | tr -s ' ' >$tmp/d.flat &&
	 grep -qF 'Cédric Allain' $tmp/d.flat && ! grep -qF \"C\\\\'edric\" $tmp/d.flat &&
	 axrender -f jsonl $ex/scored-2025-09-10.jsonl | jq -r '.id, (.authors[])' |
	     while IFS= read -r w; do grep -qF \"\$w\" $tmp/d.flat || { echo \"not in the text: \$w\" >&2; exit 1; }; done"

# -- axgroup on a day arXiv does not announce -----------------------------------
mkdir -p "$tmp/noprof"
check_fail 'axgroup on a folder without profiles fails on a Sunday too' 2 "AX_NOW=2026-11-29T12:00:00Z axgroup $tmp/noprof"
check 'axdeliver -h' "axdeliver -h | grep -q '^usage: axdeliver'"
check_fail 'axdeliver on a folder without a digest' 2 "axdeliver --set MAIL_TO=a@example.org $tmp/noprof"

# a run stopped while scoring (Ctrl-C) left usage.new: the next run of the
# day keeps the calls it paid for in usage.jsonl
check 'the calls of a run stopped while scoring are kept by the next run' \
	"$daily --set OUT=$tmp/intr --set SEEN= --set CACHE=none >/dev/null && n=\$(wc -l <$tmp/intr/$day/usage.jsonl) &&
	 echo '{\"batch\":99,\"attempt\":1,\"model\":\"gpt-4.1\",\"status\":200,\"prompt_tokens\":1,\"completion_tokens\":1}' >$tmp/intr/$day/usage.new &&
	 $daily --set OUT=$tmp/intr --set SEEN= --set CACHE=none --from score >/dev/null &&
	 test ! -e $tmp/intr/$day/usage.new && jq -s -e 'any(.batch == 99)' $tmp/intr/$day/usage.jsonl >/dev/null &&
	 test \$(wc -l <$tmp/intr/$day/usage.jsonl) -gt \$n"
done_testing
