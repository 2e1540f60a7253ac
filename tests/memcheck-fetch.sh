#!/bin/sh
# memcheck runs of axfetch: every saved format, the error documents, a
# concatenated stream, and the network paths against tests/feedserver.py.
d=$top/tests/data
oai="$d/oai-oai_dc-ListRecords-2023-03-07-page1.xml $d/oai-oai_dc-ListRecords-2023-03-07-page2.xml $d/oai-oai_dc-ListRecords-2023-03-07-page3-last.xml"
# net: start the feed server, run the valgrind'ed command with $u set, keep status 99
net() {
	printf '%s|t=$(mktemp -d); python3 %s --port-file $t/p --lifetime 120 & s=$!; while [ ! -s $t/p ]; do sleep 0.1; done; u=http://127.0.0.1:$(cat $t/p); %s; st=$?; kill $s; rm -rf $t; exit $st\n' \
	    "$1" "$top/tests/feedserver.py" "$2"
}
echo "axfetch -f rss|\$VG axfetch -f $d/rss-cs.CL-2026-04-27-3items.xml $d/handmade-rss-combined.xml $d/rss-cs.CL-2026-08-01-saturday-empty.xml"
echo "axfetch -f atom|\$VG axfetch -f $d/atom-*.xml"
echo "axfetch -f oai arXiv and errors|\$VG axfetch -f $d/oai-arXiv-*.xml $d/oai-error-*.xml $d/handmade-oai-*.xml"
echo "axfetch -f oai_dc 3 pages|\$VG axfetch -f $oai"
echo "axfetch -f kaggle and bad lines|\$VG axfetch -f $d/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl $d/handmade-kaggle-bad-lines.jsonl"
echo "axfetch -f concatenated stream|cat $d/handmade-oai-malformed-truncated.xml $oai | \$VG axfetch -f"
echo "axfetch -f not a feed, missing file|\$VG axfetch -f $d/handmade-not-a-feed.html /nonexistent"
net "axfetch rss, 500 then success" "\$VG axfetch --delay 0 --rss-url \$u/e500-m/rss cs.LG cs.CL"
net "axfetch oai chain, 503 + Retry-After" "\$VG axfetch --delay 0 --oai --format oai_dc --from 2023-03-07 --oai-url \$u/r503-m/oai"
net "axfetch oai, body cut in page 2" "\$VG axfetch --delay 0 --retries 0 --oai --format oai_dc --from 2023-03-07 --oai-url \$u/drop2-m/oai"
net "axfetch api pages and error feed" "\$VG axfetch --delay 0 --api --page-size 10 --from 2025-09-01 --until 2025-09-02 --api-url \$u/api/query cs.LG cs.CL && \$VG axfetch --delay 0 --api --from 2025-09-01 --until 2025-09-02 --api-url \$u/api/query bad"
net "axfetch timeout" "\$VG axfetch --delay 0 --timeout 1 --retries 0 --rss-url \$u/slow-m/rss cs.LG"
echo "axfetch --schedule and the empty-feed decision|\$VG axfetch --schedule --holidays $top/examples/holidays.txt --from 2025-08-25 --until 2025-09-10 && \$VG axfetch -f --holidays $top/examples/holidays.txt $d/handmade-rss-empty-2025-09-02-holiday.xml $d/handmade-rss-empty-2025-09-03.xml"
net "axfetch --check and --api --announced" "\$VG axfetch --delay 0 --holidays $top/examples/holidays.txt --check --rss-url \$u/rss --api-url \$u/api/query cs.LG; \$VG axfetch --delay 0 --holidays $top/examples/holidays.txt --api --announced 2026-04-27 --api-url \$u/api/query cs.LG"
echo "axfetch -f bad bytes, paper records, repeats|gzip -dc $d/rss-cs.AI-2026-04-27-300items.xml.gz | sed 's/Abstract: /Abstract: \\xe9\\x00/' | \$VG axfetch -f; \$VG axfetch -f $top/examples/papers.jsonl $top/examples/papers.jsonl $d/handmade-kaggle-collab-prefix.jsonl"
net "axfetch api and oai repeats" "\$VG axfetch --delay 0 --api --page-size 10 --from 2017-07-27 --until 2017-07-27 --api-url \$u/api/query cs.REP2; \$VG axfetch --delay 0 --oai --from 2099-03-03 --oai-url \$u/oai"
