#!/bin/sh
# memcheck runs on hostile input (tests/hostile.t's lines: several MB, deep
# nesting, numbers out of range, NUL bytes, bad UTF-8) for every tool built.
e=$top/examples
h=${TMPDIR:-/tmp}/ax-memcheck-hostile.jsonl
python3 - "$e/papers.jsonl" "$h" <<'PY'
import json, sys
papers = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
out = open(sys.argv[2], "wb")
out.write(json.dumps(papers[0]).encode() + b"\n")
big = dict(papers[1]); big["abstract"] = "x " * (1 << 20)
out.write(json.dumps(big).encode() + b"\n")
out.write(b'{"id":"2509.90003","title":"' + b"y" * (1 << 20) + b"\n")
out.write(b'{"a":' + b"[" * 100000 + b"]" * 100000 + b"}\n")
out.write(b'{"id":"2509.90005","version":1e999,"score":-1e400,"prompt_tokens":1e300,"novelty":123456789012345678901234567890}\n')
out.write(b'{"id":"2509.90006","title":"a\x00b"}\n{"id":"2509.90007","title":"\xff\xfe"}\n\x00\n')
out.write(json.dumps(papers[3]).encode() + b"\n")
PY
x=${TMPDIR:-/tmp}/ax-memcheck-xxe.xml
printf '%s\n' '<?xml version="1.0"?>' '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' \
    '<rss version="2.0"><channel><title>cs.LG</title><item><title>&xxe; &b;</title><link>https://arxiv.org/abs/2509.00001</link><description>arXiv:2509.00001v1 Announce Type: new Abstract: A</description></item></channel></rss>' >"$x"
python3 -c 'print("<rss><channel>" + "<x>" * 100000 + "</x>" * 100000 + "</channel></rss>")' >"${x%.xml}-deep.xml"
echo "axfetch hostile lines (Kaggle)|\$VG axfetch -f - <$h"
echo "axfetch external entities|\$VG axfetch -f $x"
echo "axfetch 100000 nested elements|\$VG axfetch -f ${x%.xml}-deep.xml"
echo "axscore --provider local hostile lines|\$VG axscore --provider local --topics $e/ml.user.md <$h"
echo "axprompt hostile lines|\$VG axprompt --user $e/ml.user.md --batch 1 <$h"
echo "axcost hostile lines|\$VG axcost --prices $e/prices.txt --model gpt-5 <$h"
echo "axfilter hostile lines|\$VG axfilter --dedupe <$h"
echo "axrender hostile lines|\$VG axrender --format html <$h"
true
