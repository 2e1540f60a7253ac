#!/bin/sh
# bench-fetch.sh: axfetch -f on the real 3-page OAI-PMH harvest (2265 records,
# 5.4 MB) against xmllint --stream --noout on the same files in the same run:
# time ratio (goal <= 2), records/s, and peak RSS at 1x and 10x the input.
# 10x is the 3 files in 10 copies with distinct ids (30 documents) for both programs, and for
# axfetch also the 30 documents concatenated into one stream on stdin (xmllint
# cannot read concatenated documents, so that row has no reference).  Memory
# grows only with the set of ids printed (each id once a run), ~170 bytes an id.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
d=$top/tests/data
pages="$d/oai-oai_dc-ListRecords-2023-03-07-page1.xml $d/oai-oai_dc-ListRecords-2023-03-07-page2.xml $d/oai-oai_dc-ListRecords-2023-03-07-page3-last.xml"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/axbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
runs=${RUNS:-5}

# ten copies with distinct ids (axfetch prints an id once a run): copy i
# prefixes every id with i
pages10=
i=0
while [ $i -lt 10 ]; do
	for p in $pages; do
		sed "s|oai:arXiv.org:|oai:arXiv.org:$i|; s|arxiv.org/abs/|arxiv.org/abs/$i|" "$p" >"$tmp/$i-${p##*/}"
		pages10="$pages10 $tmp/$i-${p##*/}"
	done
	i=$((i + 1))
done
# shellcheck disable=SC2086
cat $pages10 > "$tmp/concat10.xml"

# pair CMD_A CMD_B: runs both $runs times, alternating so that both see the
# same load on a shared machine; prints the best CPU seconds (user+sys) of
# each, their best wall seconds, and the median of the per-run CPU ratios A/B
pair() {
	python3 - "$runs" "$@" <<'EOF'
import resource, statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmds = sys.argv[2:]
cpu = [[], []]; wall = [[], []]
def run(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL)
    t = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), t
for _ in range(runs):
    for i, cmd in enumerate(cmds):
        c, t = run(cmd)
        cpu[i].append(c); wall[i].append(t)
if len(cmds) == 1:
    print("%.4f %.4f" % (min(cpu[0]), min(wall[0])))
else:
    ratio = statistics.median(a / b for a, b in zip(cpu[0], cpu[1]))
    print("%.4f %.4f %.4f %.4f %.2f" % (min(cpu[0]), min(wall[0]), min(cpu[1]), min(wall[1]), ratio))
EOF
}

# peak resident set size in kB
peak() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$tmp/rss" sh -c "exec $1" >/dev/null
		cat "$tmp/rss"
	else
		python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1], shell=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$1"
	fi
}

n1=$("$AXBIN/axfetch" -f $pages | wc -l)
n10=$("$AXBIN/axfetch" -f < "$tmp/concat10.xml" | wc -l)
[ "$n1" -eq 2265 ] && [ "$n10" -eq 22650 ] || { echo "bench-fetch: record counts $n1 $n10, expected 2265 22650"; exit 1; }

echo "times: best of $runs alternating runs, CPU (user+sys) seconds, wall seconds in parentheses;"
echo "ratio: median over the runs of axfetch CPU / xmllint CPU"
printf '%-30s %17s %17s %7s %9s\n' input axfetch xmllint ratio records/s
for scale in 1 10; do
	if [ $scale -eq 1 ]; then files=$pages; n=$n1; else files=$pages10; n=$n10; fi
	t=$(pair "$AXBIN/axfetch -f $files" "xmllint --stream --noout $files")
	ra=$(peak "$AXBIN/axfetch -f $files")
	rx=$(peak "xmllint --stream --noout $files")
	echo "$scale $ra $rx" >> "$tmp/rows"
	echo "$t" | awk -v s=$scale -v n=$n '{
		printf "%-30s %7.3f (%7.3f) %7.3f (%7.3f) %6.2fx %9.0f\n", s "x: " 3*s " files", $1, $2, $3, $4, $5, n / $1 }'
done
tc=$(pair "$AXBIN/axfetch -f < $tmp/concat10.xml")
rc=$(peak "$AXBIN/axfetch -f < $tmp/concat10.xml")
echo "$tc" | awk -v n=$n10 '{ printf "%-30s %7.3f (%7.3f) %17s %7s %9.0f\n", "10x: one concatenated stream", $1, $2, "-", "-", n / $1 }'
echo
printf '%-34s %9s %9s\n' "peak RSS (kB)" axfetch xmllint
while read -r scale ra rx; do
	printf '%-34s %9s %9s\n' "${scale}x files" "$ra" "$rx"
done < "$tmp/rows"
printf '%-34s %9s %9s\n' "10x concatenated, one stream" "$rc" -
ra1=$(awk 'NR == 1 { print $2 }' "$tmp/rows")
awk -v a=$ra1 -v b=$rc 'BEGIN { printf "axfetch peak RSS 10x stream / 1x: %.2f (flat is ~1)\n", b / a }'
