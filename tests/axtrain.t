#!/bin/sh
# axtrain (pipelines/axtrain) and axdaily's TRAIN=auto: the local model
# retrained from the LLM's scores in a reader's run folders, on real scored
# astro-ph days filed as run folders.
. "$(dirname "$0")/lib.sh"

sh "$top/tests/scored-days.sh" "$data" "$tmp" >/dev/null
out=$tmp/out
mkdir -p "$out"
# the first 12 days as run folders 2023-02-01 ... 2023-02-12
i=0
for f in $(ls "$tmp"/days/*.jsonl | head -12); do
	i=$((i + 1))
	d=$(printf '2023-02-%02d' $i)
	mkdir -p "$out/$d"
	cp "$f" "$out/$d/scored.jsonl"
done
n3=$(cat "$out"/2023-02-0[123]/scored.jsonl | jq -s 'map(.id) | unique | length')
n12=$(cat "$out"/2023-02-*/scored.jsonl | jq -s 'map(.id) | unique | length')

check 'too little history: no model, and a note saying BM25 until then' \
	'axtrain --before 2023-02-04 $tmp/m $out 2>$tmp/err && test ! -e $tmp/m &&
	 grep -qx "axtrain: $n3 scored papers in 3 days of $out, fewer than 300: BM25 against the topics until then" $tmp/err'
cat "$out"/2023-02-0[12]/scored.jsonl | axscore --provider local --train $tmp/hand.model 2>/dev/null
touch -t 201901010000 $tmp/hand.model && cp $tmp/hand.model $tmp/hand.orig
check 'too little history and a model trained by hand: the model is kept, and the note says so' \
	'axtrain --before 2023-02-04 $tmp/hand.model $out 2>$tmp/err && cmp $tmp/hand.model $tmp/hand.orig &&
	 grep -qx "axtrain: $n3 scored papers in 3 days of $out, fewer than 300: $tmp/hand.model kept as it is" $tmp/err'
check 'enough history: a model of the days before the date' \
	'axtrain --before 2023-02-13 $tmp/m $out 2>$tmp/err && head -1 $tmp/m | grep -qx "ax-model 2" &&
	 grep -qx "axtrain: $tmp/m: trained on $n12 papers of 12 days" $tmp/err'
check 'the same as axscore --train on those papers' \
	'cat $out/2023-02-*/scored.jsonl | axscore --provider local --train $tmp/m2 2>/dev/null && cmp $tmp/m $tmp/m2'
touch -t 202001010000 $tmp/m
cp $tmp/m $tmp/m.kept
touch -r $tmp/m $tmp/m.kept
check 'up to date (no scored day newer than the model): no retraining' \
	'touch -t 201901010000 $out/2023-02-*/scored.jsonl && axtrain --before 2023-02-13 $tmp/m $out 2>$tmp/err &&
	 test ! -s $tmp/err && test ! $tmp/m -nt $tmp/m.kept'
check 'a new scored day: retrained' \
	'touch $out/2023-02-12/scored.jsonl && axtrain --before 2023-02-13 $tmp/m $out 2>$tmp/err && grep -q "trained on" $tmp/err'
check '--every 2: one new day is not enough yet' \
	'touch -t 202001010000 $tmp/m && touch $out/2023-02-12/scored.jsonl &&
	 axtrain --every 2 --before 2023-02-13 $tmp/m $out 2>$tmp/err && test ! -s $tmp/err'
check 'the local model'"'"'s own scores are not learned from' \
	'mkdir -p $tmp/out2/2023-02-01 && jq -c ".model = \"local:bm25\"" $out/2023-02-0*/scored.jsonl >$tmp/out2/2023-02-01/scored.jsonl &&
	 axtrain $tmp/m3 $tmp/out2 2>$tmp/err && test ! -e $tmp/m3 && grep -q "^axtrain: 0 scored papers" $tmp/err'
nl=$(jq -s 'map(.id) | unique | length' $tmp/out2/2023-02-01/scored.jsonl)
check '... and the note says how many of them there were (PROVIDER=local: no history will come)' \
	'grep -qx "axtrain: 0 scored papers in 1 days of $tmp/out2 (and $nl scored by the local model itself, not learned from), fewer than 300: BM25 against the topics until then" $tmp/err'
n3last=$(cat "$out"/2023-02-1[012]/scored.jsonl | jq -s 'map(.id) | unique | length')
check '--days 3: only the last three scored days before the date are learned from' \
	'axtrain --force --days 3 --min 10 --before 2023-02-13 $tmp/md3 $out 2>$tmp/err &&
	 grep -qx "axtrain: $tmp/md3: trained on $n3last papers of 3 days" $tmp/err &&
	 cat $out/2023-02-1[012]/scored.jsonl | axscore --provider local --train $tmp/md3b 2>/dev/null && cmp $tmp/md3 $tmp/md3b'
check '--days 0: all of them' \
	'axtrain --force --days 0 --before 2023-02-13 $tmp/md0 $out 2>$tmp/err &&
	 grep -qx "axtrain: $tmp/md0: trained on $n12 papers of 12 days" $tmp/err'
check_fail '--days x is a usage error' 2 'axtrain --days x $tmp/m $out 2>/dev/null'
check_fail 'a bad date is a usage error' 2 'axtrain --before tomorrow $tmp/m $out 2>/dev/null'
check_fail 'a missing folder is a usage error' 2 'axtrain $tmp/m $tmp/nowhere 2>/dev/null'
check 'axtrain -h prints the usage' 'axtrain -h | grep -q "^usage: axtrain "'

# a broken line in a day's scores: named, the rest trained on, exit 1
mkdir -p $tmp/bad/2023-02-01
{ sed -n '1,2p' "$out/2023-02-01/scored.jsonl"; echo '{"id": "2301.99999", "relevance": '
  sed -n '3,$p' "$out/2023-02-01/scored.jsonl"; } >$tmp/bad/2023-02-01/scored.jsonl
nb=$(jq -s 'map(.id) | unique | length' "$out/2023-02-01/scored.jsonl")
check_err 'a broken line in a day: FILE:LINE, exit 1' 1 "$tmp/bad/2023-02-01/scored.jsonl:3: invalid JSON" \
	'axtrain --min 1 $tmp/bad/m $tmp/bad 2>$tmp/bad.err || { cat $tmp/bad.err >&2; exit 1; }'
check '... and the model is trained on the other lines' \
	'test -s $tmp/bad/m && grep -qx "axtrain: $tmp/bad/m: trained on $nb papers of 1 days" $tmp/bad.err'

# axdaily TRAIN=auto on the demo's day: the model from OUT's earlier days
jq -c '. + {announce: "new", categories: ["cs"]}' "$data/handmade-topics-papers.jsonl" >$tmp/day.jsonl
conf="-c $top/examples/demo.conf --date 2023-03-07 --fetched $tmp/day.jsonl -n --set TRAIN=auto --set MIN_RELEVANCE=1"
check 'TRAIN=auto with history: the day scored by the trained model in OUT' \
	'axdaily $conf --set OUT=$out >/dev/null 2>$tmp/err && test -f $out/local.model &&
	 jq -e -s "length > 0 and all(.[]; .model == \"local:$out/local.model\")" $out/2023-03-07/scored.jsonl'
check 'TRAIN_DAYS=3: axtrain learns from the last three days (its command in the log, its note on stderr)' \
	'mkdir -p $tmp/out3 && cp -r $out/2023-02-* $tmp/out3/ &&
	 axdaily $conf --set OUT=$tmp/out3 --set TRAIN_DAYS=3 >/dev/null 2>$tmp/err &&
	 grep -q "train: axtrain --before 2023-03-07 --days 3 " $tmp/out3/2023-03-07/axdaily.log &&
	 grep -q "^axtrain: [0-9]* scored papers in 3 days of $tmp/out3, fewer than 300" $tmp/err'
check 'TRAIN=auto without history: BM25 against the topics, with a note' \
	'mkdir -p $tmp/empty && axdaily $conf --set OUT=$tmp/empty >/dev/null 2>$tmp/err &&
	 grep -q "fewer than 300: BM25 against the topics until then" $tmp/err &&
	 jq -e -s "length > 0 and all(.[]; .model == \"local:bm25\")" $tmp/empty/2023-03-07/scored.jsonl'
check 'TRAIN=auto -q: the note goes to the log, not to cron' \
	'mkdir -p $tmp/quiet && axdaily $conf -q --set OUT=$tmp/quiet >$tmp/q.out 2>$tmp/q.err &&
	 test ! -s $tmp/q.out && test ! -s $tmp/q.err &&
	 grep -q "fewer than 300: BM25 against the topics until then" $tmp/quiet/2023-03-07/axdaily.log'
# a broken line in a past day: told (even with -q), and the day made all the same
mkdir -p $tmp/broken
cp -R $out/2023-02-0[1-9] $tmp/broken/
echo 'not a record' >>$tmp/broken/2023-02-03/scored.jsonl
check 'TRAIN=auto: a bad line in a past day costs no digest, and is told' \
	'axdaily $conf -q --set OUT=$tmp/broken >$tmp/b.out 2>$tmp/b.err &&
	 grep -q "^axfilter: $tmp/broken/2023-02-03/scored.jsonl:[0-9]*: invalid JSON" $tmp/b.err &&
	 grep -qx "axdaily: 2023-03-07: train: exit status 1; ranked by $tmp/broken/local.model" $tmp/b.err &&
	 jq -e -s "length > 0 and all(.[]; .model == \"local:$tmp/broken/local.model\")" $tmp/broken/2023-03-07/scored.jsonl'
# KEEP_DAYS prunes old run folders: not the history TRAIN=auto learns from
mkdir -p $tmp/keep
cp -R $out/2023-02-* $tmp/keep/
for d in $tmp/keep/2023-02-*; do echo '{}' >$d/fetched.jsonl; done
check 'TRAIN=auto with KEEP_DAYS: old days keep their scored.jsonl, and the model stays' \
	'axdaily $conf -q --set OUT=$tmp/keep --set KEEP_DAYS=7 2>$tmp/k.err &&
	 test ! -e $tmp/keep/2023-02-12/fetched.jsonl && test -s $tmp/keep/2023-02-12/scored.jsonl &&
	 axdaily $conf -q --set OUT=$tmp/keep --set KEEP_DAYS=7 --date 2023-03-08 2>>$tmp/k.err &&
	 test -s $tmp/keep/local.model && ! grep -q "fewer than" $tmp/k.err &&
	 grep -q "local.model: trained on" $tmp/keep/2023-03-08/axdaily.log'
# --check reads MODEL_FILE and the topics as the local model will
check 'TRAIN=auto: a MODEL_FILE not written yet is no config error' \
	'axdaily $conf --check --set OUT=$tmp/empty --set MODEL_FILE=$tmp/notyet.model >/dev/null'
head -c 2000 $out/local.model >$tmp/trunc.model
check_err '--check: a truncated MODEL_FILE is a config error, in axscore'"'"'s words' 2 \
	"MODEL_FILE=$tmp/trunc.model: $tmp/trunc.model:[0-9]*: truncated model file" \
	'axdaily $conf --check --set TRAIN= --set MODEL_FILE=$tmp/trunc.model'
printf 'Topics: dwarf galaxies\n' | iconv -f UTF-8 -t UTF-16 >$tmp/topics16.md
check_err '--check: TOPICS saved as UTF-16 is a config error' 2 \
	"TOPICS=$tmp/topics16.md: $tmp/topics16.md:1: NUL byte" \
	'axdaily $conf --check --set TOPICS=$tmp/topics16.md'
check_fail 'TRAIN=other is a config error' 2 'axdaily $conf --set OUT=$tmp/empty --set TRAIN=always 2>/dev/null'

done_testing
