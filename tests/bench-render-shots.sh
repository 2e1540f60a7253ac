#!/bin/sh
# bench-render-shots.sh - what a reader sees: a site of the 21 real astro-ph
# days of 2025-08 (tests/data/scored-astro-ph.tar.gz) rendered by axrender
# --site, then Debian's headless Chromium screenshots of a day page at 390 px
# (a phone) and 1200 px (a laptop), in the light and the dark scheme, and of
# the month page, into a temporary folder it names (kept for viewing).  Also
# the formulas KaTeX drew and failed, and the time of the site's 21 runs
# against rendering the same days as Markdown (the reference).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
AXBIN=${AXBIN:-$top/bin}
out=$(mktemp -d "${TMPDIR:-/tmp}/ax-shots.XXXXXX")
sc=$out/data site=$out/site
mkdir -p "$sc"
tar xzf "$top/tests/data/scored-astro-ph.tar.gz" -C "$sc"
for j in "$sc"/scored/2025-08-*-output.json; do
	d=$(basename "$j" -output.json)
	python3 "$top/tests/digest2inputs.py" --from-json "$j" "$sc/$d.jsonl"
done
t0=$(date +%s%N)
for f in "$sc"/2025-08-*.jsonl; do
	d=$(basename "$f" .jsonl)
	"$AXBIN/axrender" --site "$site" --name astro --date "$d" \
	    --topics "$top/examples/astro.topic.user.md" "$f"
done
t1=$(date +%s%N)
for f in "$sc"/2025-08-*.jsonl; do
	"$AXBIN/axrender" --date 2025-08-01 "$f" >/dev/null
done
t2=$(date +%s%N)
echo "axrender --site, 21 days: $(( (t1 - t0) / 1000000 )) ms; as Markdown: $(( (t2 - t1) / 1000000 )) ms" \
    "($(awk "BEGIN { printf \"%.1f\", ($t1 - $t0) / ($t2 - $t1 + 1) }")x, the site also copies KaTeX and rewrites month, index, feed)"

shot() {	# shot NAME WIDTH HEIGHT PAGE [chromium options]: PAGE is a file
	name=$1 width=$2 height=$3 page=$4
	shift 4
	rm -rf "$out/chr"
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$out/chr" \
		--hide-scrollbars --virtual-time-budget=5000 --window-size="$width,$height" "$@" \
		--screenshot="$out/$name.png" "file://$page" 2>/dev/null
}
shot day-390 390 1600 "$site/2025-08-01.html"
shot day-1200 1200 1600 "$site/2025-08-01.html"
shot day-1200-dark 1200 1600 "$site/2025-08-01.html" --force-dark-mode --blink-settings=preferredColorScheme=0
# two papers in full (their math, badges, categories, comments) on a phone
sed -n '11p;13p' "$sc/2025-08-01.jsonl" | jq -c '. + {announce: "replace-cross", categories: ["astro-ph.GA", "astro-ph.CO"], comments: "14 pages, 9 figures, accepted to ApJ"}' >"$out/two.jsonl"
"$AXBIN/axrender" --site "$out/two" --date 2025-08-01 --authors /dev/null "$out/two.jsonl"
shot paper-390 390 2000 "$out/two/2025-08-01.html"
shot month-1200 1200 1600 "$site/2025-08.html"
shot index-390 390 1200 "$site/index.html"
rm -rf "$out/chr"
timeout 90 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$out/chr" \
	--virtual-time-budget=5000 --dump-dom "file://$site/2025-08-01.html" 2>/dev/null >"$out/day.dom"
echo "formulas on 2025-08-01: $(python3 "$top/tests/sitecheck.py" math "$out/day.dom")"
rm -rf "$out/chr" "$sc"
echo "screenshots in $out:"
ls "$out"/*.png | sed 's/^/  /'
