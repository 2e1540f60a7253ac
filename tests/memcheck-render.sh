#!/bin/sh
# memcheck-render.sh - axrender runs for make memcheck, one "name|command" a line.
s=$top/tests/data/seed-2025-09-10
h=$top/tests/data/handmade-hostile
site=${TMPDIR:-/tmp}/axrender-memcheck-site
cat <<LINES
axrender md, seed|\$VG axrender --stats $s/stats.json --system $s/system.md --user $s/user.md $s/papers.jsonl
axrender html, hostile|\$VG axrender -f html --date 2025-09-10 --system $h-system.md --user $h-user.md $h.jsonl
axrender json, ids repeated|cat $s/papers.jsonl $s/papers.jsonl | \$VG axrender -f json; test \$? -ne 99
axrender atom|\$VG axrender -f atom --stats $s/stats.json $s/papers.jsonl
axrender bad lines|printf '{"title":"x"}\nnot json\n' | \$VG axrender; test \$? -ne 99
axrender site, three days|rm -rf $site && \$VG axrender --site $site --date 2025-12-31 $s/papers.jsonl && \$VG axrender --site $site --date 2026-01-02 $s/papers.jsonl && \$VG axrender --site $site --date 2026-01-01 $s/papers.jsonl; st=\$?; rm -rf $site; test \$st -ne 99
LINES
