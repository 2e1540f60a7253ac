#!/bin/sh
# memcheck-filter.sh - axfilter runs for make memcheck, one "name|command" a line.
d=$top/tests/data
st=${TMPDIR:-/tmp}/axfilter-memcheck-seen
cat <<LINES
axfilter streaming, every filter|\$VG axfilter --drop-errors --announce new,cross --category math,hep-ph --dedupe --exclude 'quark' --match 'a' --min-relevance 0 --stats /dev/null $d/handmade-announce.jsonl $d/handmade-announce.jsonl; test \$? -ne 99
axfilter authors, sort, top|\$VG axfilter --authors $d/handmade-authors.txt --min-relevance 7 --sort --top 10 $d/filter-scored-2025-07-28.jsonl $d/filter-scored-2025-07-29.jsonl
axfilter top-percent by key, non-compact input|\$VG axfilter --top-percent 40 --by novelty $d/filter-seed-2025-09-10.jsonl
axfilter seen, two runs|rm -f $st && \$VG axfilter --seen $st $d/filter-scored-2025-07-28.jsonl && \$VG axfilter --seen $st $d/filter-scored-2025-07-28.jsonl $d/filter-scored-2025-07-29.jsonl; s=\$?; rm -f $st; test \$s -ne 99
axfilter seen, hand-edited files (CRLF, JSON records, a line with no id)|for v in crlf json; do cp $d/seen-edited-\$v.state $st && \$VG axfilter --seen $st $d/seen-edited-papers.jsonl; test \$? -ne 99 || exit 99; done; printf '2601.00000\\nhello\\n' >$st && \$VG axfilter --seen $st --exclude zz $d/seen-edited-papers.jsonl; s=\$?; rm -f $st; test \$s -ne 99
axfilter bad lines|printf '{"id":"a"}\nnot json\n{"id":"a"}\n' | \$VG axfilter --dedupe; test \$? -ne 99
LINES
