#!/bin/sh
# axrender: the Markdown digest byte for byte as the 64 real digests, and the
# HTML page, site, Python-tools JSON and Atom feed.
. "$(dirname "$0")/lib.sh"
seed=$data/seed-2025-09-10
# the 63 real digests and their output.json, unpacked from tests/data
real=$tmp/real
mkdir -p "$real" &&
	tar xzf "$data/digests-astro-ph.tar.gz" -C "$real" &&
	tar xzf "$data/scored-astro-ph.tar.gz" -C "$real" ||
	echo "Bail out! cannot unpack the real digests"
d2i="python3 $top/tests/digest2inputs.py"
dom="python3 $top/tests/domcheck.py"
: >"$tmp/empty"	# not /dev/null: on a shared machine it has been seen replaced by a file

# records ordered by score then relevance ascending (ties keep their order):
# axrender must turn them round itself, stably
upside_down() {
	python3 -c 'import json,sys
r=[json.loads(l) for l in open(sys.argv[1])]
r.sort(key=lambda p:(p.get("score",0),p.get("relevance",0)))
sys.stdout.write("".join(json.dumps(p,ensure_ascii=False)+"\n" for p in r))' "$1"
}

check_out 'seed: renders digest.md back byte for byte' "$seed/digest.md" \
	"axrender --stats $seed/stats.json --system $seed/system.md --user $seed/user.md $seed/papers.jsonl"
check_out 'seed: -f md and operands from stdin, the same' "$seed/digest.md" \
	"axrender -f md -s $seed/stats.json --system $seed/system.md --user $seed/user.md < $seed/papers.jsonl"

# The seed and each of the 63 real digests: take the digest apart, render it
# again from records sorted the wrong way round, compare byte for byte.
# No day is special-cased.  2025-07-28 is odd (its costs read $0.0 for 17182
# prompt tokens, which gpt-4.1 prices at $0.03) but axrender prints the
# figures --stats gives, so it renders back like the others.
# Two real days hold a model's "\\beta" and "\\bullet" that reached the digest
# as a backspace and "eta"/"ullet" (JSON's "\\b"): the digest writes "\\b" again
# and drops any other control character, so those two days differ by exactly
# that; the other 62 are untouched.
md_clean() {
	perl -pe 's/[\x08](?=[A-Za-z])/\\b/g; s/[\x0c](?=[A-Za-z])/\\f/g; s/[\x00-\x08\x0b-\x1f\x7f]//g' "$1"
}
cleaned=0
for f in "$real"/digests/*-output.md; do
	md_clean "$f" | cmp -s - "$f" || cleaned=$((cleaned + 1))
done
check 'two real digests hold control characters, the others none' "test $cleaned -eq 2"
match=0 total=0
for f in "$seed/digest.md" "$real"/digests/*-output.md; do
	case $f in
	*/digest.md) day=seed-2025-09-10 ;;
	*) day=$(basename "$f" -output.md) ;;
	esac
	w=$tmp/$day
	mkdir -p "$w"
	total=$((total + 1))
	if $d2i "$f" "$w" 2>"$w/err" && upside_down "$w/papers.jsonl" >"$w/in.jsonl" &&
	    axrender --stats "$w/stats.json" --system "$w/system.md" --user "$w/user.md" \
	    "$w/in.jsonl" >"$w/out.md" 2>>"$w/err" && md_clean "$f" >"$w/want.md" &&
	    cmp -s "$w/want.md" "$w/out.md"; then
		match=$((match + 1))
		_ok "$day: digest rendered back byte for byte"
	else
		_notok "$day: digest rendered back byte for byte"
		sed 's/^/# /' "$w/err"
		diff "$w/want.md" "$w/out.md" | head -20 | sed 's/^/# /'
	fi
done
check "$match of $total digests match byte for byte" "test $match -eq $total && test $total -eq 64"

# The real digests' records are also in the Python tools' output.json: the
# extraction must agree with them, and --format json must give the file back.
for j in "$real"/scored/*-output.json; do
	day=$(basename "$j" -output.json)
	w=$tmp/$day
	check "$day: the digest's papers are the scored JSON's" \
		"$d2i --from-json $j $w/json.jsonl && $d2i --same $w/papers.jsonl $w/json.jsonl"
	check_out "$day: -f json gives output.json back byte for byte" "$j" \
		"upside_down $w/json.jsonl | axrender -f json"
done

# --- md edge cases, expected files written by hand
printf '%s\n' '{"date":"2025-07-28","model":"gpt-4.1","prompt_tokens":0,"completion_tokens":0,"prompt_cost":0,"completion_cost":0,"total_papers":128,"scanned_papers":92}' >"$tmp/zero.json"
printf 'S\n' >"$tmp/s.md"
printf 'U\n\n{{papers}}\n' >"$tmp/u.md"
check_out 'md: no papers (the layout of an empty day)' "$data/handmade-empty.md" \
	"axrender --stats $tmp/zero.json --system $tmp/s.md --user $tmp/u.md <$tmp/empty"
check_out 'md: an author match has its comment and no score lines, and leads' "$data/handmade-author-match.md" \
	"axrender --date 2025-12-29 $data/handmade-author-match.jsonl"
printf '%s\n' '{"model":"a-much-longer-model-name-than-before","prompt_tokens":123456789,"completion_tokens":98765432109,"prompt_cost":1234.5,"completion_cost":0.004,"total_papers":1,"scanned_papers":1}' >"$tmp/wide.json"
check_out 'md: table columns widen with the model and the numbers' "$data/handmade-wide-table.md" \
	"axrender --date 2026-01-02 --stats $tmp/wide.json <$tmp/empty"
check 'md: --date wins over the date in --stats' \
	"axrender --date 2030-01-01 --stats $seed/stats.json $seed/papers.jsonl | head -1 | grep -qx '# Personalized Daily ArXiv Papers 2030-01-01'"
check 'md: total cost from prompt + completion when --stats has none, rounded once' \
	"printf '{\"model\":\"m\",\"prompt_cost\":0.004,\"completion_cost\":0.004}' >$tmp/sum.json && axrender --date 2025-01-01 --stats $tmp/sum.json <$tmp/empty | grep -qF '| \$0.0     | \$0.0         | \$0.01   |'"

# --- errors
check_fail 'a bad --format exits 2' 2 "axrender -f pdf <$tmp/empty"
check_fail 'a bad --date exits 2' 2 "axrender --date 2025-02-30 <$tmp/empty"
check_fail 'an unreadable --stats exits 2' 2 "axrender --stats $tmp/none.json <$tmp/empty"
check_fail '--site with -f md exits 2' 2 "axrender -f md --site $tmp/x <$tmp/empty"
check_fail 'a record without id: exit 1' 1 "printf '{\"title\":\"t\"}\n' | axrender --date 2025-01-01"
check 'a record without id is reported with its line, the others rendered' \
	"printf '{\"id\":\"1\",\"title\":\"A\"}\n{\"title\":\"t\"}\n' | exits 1 axrender --date 2025-01-01 2>$tmp/e >$tmp/o && grep -q 'stdin:2: paper without an \"id\"' $tmp/e && grep -q '^1. \[A\]' $tmp/o"
check 'a line of invalid UTF-8 is reported with its line, the others rendered' \
	"{ head -1 $data/handmade-hostile.jsonl; printf '{\"id\":\"9\",\"title\":\"\\377\"}\n'; } | exits 1 axrender -f html --date 2025-01-01 2>$tmp/e >$tmp/o && grep -q 'stdin:2: invalid JSON: bad UTF-8' $tmp/e && grep -q 'Attention Is' $tmp/o"

# --- html
html="axrender -f html --stats $seed/stats.json --system $seed/system.md --user $seed/user.md $seed/papers.jsonl"
check 'html: valid for the HTML parser (xmllint --html)' "$html >$tmp/seed.html && xmllint --html --noout $tmp/seed.html 2>&1 | (! grep .)"
check 'html: well-formed XML as well (polyglot markup)' "xmllint --noout $tmp/seed.html"
check 'html: every table-of-contents link has its target' "$dom anchors $tmp/seed.html"
check 'html: no script at all, readable without it' "test -s $tmp/seed.html && ! grep -qi '<script' $tmp/seed.html"
check 'html: the same content: every title, id, comment and prompt line (text, TeX aside)' "
	python3 -c 'import json,sys,re,html
page=html.unescape(re.sub(r\"<[^>]*>\", \" \", open(sys.argv[1]).read()))
page=re.sub(r\"\\s+\", \" \", page)
def words(s):	# the runs of plain words, which TeX conversion leaves alone
    return [w for w in re.split(r\"[^A-Za-z0-9 ,.;()-]+|--\", s) if len(w.strip()) > 12]
for l in open(sys.argv[2]):
    r=json.loads(l)
    assert r[\"id\"] in page
    for k in (\"title\",\"abstract\",\"reason\"):
        for w in words(r[k]):
            assert re.sub(r\"\\s+\", \" \", w.strip()) in page, (k, w)
for f in sys.argv[3:]:
    for line in open(f):
        line=re.sub(r\"^\\s*([-*>#]+|[0-9]+[.])\\s*\", \"\", line)
        for w in words(line.replace(\"{{papers}}\",\"[PAPER LIST HERE]\").replace(\"**\", \"\")):
            assert re.sub(r\"\\s+\", \" \", w.strip()) in page, w
' $tmp/seed.html $seed/papers.jsonl $seed/system.md $seed/user.md"
check 'html: TeX accents as UTF-8, math left in a math span' "grep -qF 'MEGS<span class=\"math\">\$^{2}\$</span>: Memory-Efficient' $tmp/seed.html && grep -qF 'Cédric Allain' $tmp/seed.html"
check 'html: the prompt is rendered as Markdown (lists, headings), not a raw pre' "! grep -q '<pre' $tmp/seed.html && grep -q '<li>' $tmp/seed.html && grep -q '<h4>' $tmp/seed.html"
hostile="axrender -f html --date 2025-09-10 --system $data/handmade-hostile-system.md --user $data/handmade-hostile-user.md $data/handmade-hostile.jsonl"
check 'html: hostile input stays text, page still valid' "$hostile >$tmp/hostile.html && xmllint --noout $tmp/hostile.html && xmllint --html --noout $tmp/hostile.html"
check 'html: hostile input, nothing active in the markup' \
	"$dom safe $tmp/hostile.html 'Personalized Daily ArXiv Papers 2025-09-10' \"<script>document.title='pwned'\" '\"><img src=x onerror=' ']]>' '<iframe' 'pwned-id' 'pwned-prompt' \"\$(printf 'invalid UTF-8 \\357\\277\\275')\""

# --- the real browser: Debian's Chromium renders the hostile page
chromium_dom() {
	rm -rf "$tmp/chr"
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/chr" \
		--dump-dom "file://$1" 2>"$tmp/chr.log"
}
printf '<!DOCTYPE html><html><head><title>before</title></head><body><script>document.title="ran";document.body.insertAdjacentHTML("beforeend","<p id=injected>x</p>")</script></body></html>\n' >"$tmp/control.html"
check 'chromium: runs the script of a control page (so the next check means something)' \
	"chromium_dom $tmp/control.html >$tmp/control.dom && grep -q '<title>ran</title>' $tmp/control.dom && grep -q 'id=\"injected\"' $tmp/control.dom"
check 'chromium: the hostile page shows its text and no injected script ran' \
	"chromium_dom $tmp/hostile.html >$tmp/hostile.dom && $dom safe $tmp/hostile.dom 'Personalized Daily ArXiv Papers 2025-09-10' \"<script>document.title='pwned';\" 'René Descârtes & Co <i>' 'Ends a CDATA ]]> here' '</textarea><script>alert(2)</script>' 'MEGS\$^{2}\$' 'User prompt </pre></blockquote><script>'"

# --- md is safe to render (issue 17): a Markdown renderer that lets raw HTML
# through (cmark-gfm --unsafe, GitHub's) makes only the digest's own markup of
# the case's hostile records and of their relatives (other tags, character
# references, autolinks, reference links, mixed case, controls in the scheme)
gfm() { cmark-gfm --unsafe -e autolink -e table -e strikethrough "$@"; }
for f in case-markdown-raw-html handmade-markdown-hostile; do
	n=$(wc -l <"$data/$f.jsonl")
	case $f in
	case-*) seen="\"<script>document.title='pwned';\" '](javascript:alert(' 'javascript:alert(1)'" ;;
	*) seen="'<ScRiPt>document.title' '[a](JaVaScRiPt:alert(1))' '[r1]: javascript:alert(1)' '<jAvAsCrIpT:alert(6)>'" ;;
	esac
	check "md: $f: no HTML, no javascript:/data: link once rendered" \
		"axrender --date 2026-01-28 $data/$f.jsonl >$tmp/$f.md && gfm $tmp/$f.md >$tmp/$f.gfm.html && python3 $top/tests/mdsafe.py $tmp/$f.gfm.html $n"
	check "md: $f: no control character left" "! grep -qP '[\\x00-\\x08\\x0b-\\x1f\\x7f]' $tmp/$f.md"
	check "md: $f: the reader still sees the text as written" \
		"$dom safe $tmp/$f.gfm.html '' $seen"
	check "md: $f: chromium runs no script of the rendered digest" \
		"gfm $tmp/$f.md | sed '1i <!DOCTYPE html><html><head><title>ok</title></head><body>' >$tmp/$f.page.html && chromium_dom $tmp/$f.page.html >$tmp/$f.dom && $dom safe $tmp/$f.dom ok"
done
check 'md: the checker catches the case as it was (raw tags, javascript: links)' \
	"python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l); print(\"## [%s](x)\\n\\n%s %s\\n\\n%s\\n\\n\" % (r[\"title\"], \", \".join(r[\"authors\"]), r[\"abstract\"], r[\"reason\"]))' $data/case-markdown-raw-html.jsonl | gfm >$tmp/raw.html && ! python3 $top/tests/mdsafe.py $tmp/raw.html 0 2>$tmp/raw.err && grep -q '<script>' $tmp/raw.err && grep -q \"href='javascript:\" $tmp/raw.err"
check 'md and html: no link of the case holds javascript: anywhere, even after https://arxiv.org/abs/' \
	"! grep -aq '](javascript:' $tmp/case-markdown-raw-html.md && axrender -f html --date 2026-01-28 $data/case-markdown-raw-html.jsonl | grep -o 'href=\"[^\"]*\"' >$tmp/case.hrefs && test -s $tmp/case.hrefs && ! grep -qi 'javascript:' $tmp/case.hrefs"
check 'md: the model name and filter names of --stats cannot open HTML either' \
	"printf '%s' '{\"model\":\"<img src=x onerror=alert(1)>\",\"fates\":{\"unscored\":1,\"dropped\":{\"<script>x\":1}}}' >$tmp/hs.json &&
	axrender --stats $tmp/hs.json --date 2025-01-01 <$tmp/empty 2>/dev/null >$tmp/hs.md && grep -qF '| *[&lt;img src=x onerror=alert(1)>]*   |' $tmp/hs.md &&
	grep -qF '(&lt;script>x 1).' $tmp/hs.md && ! grep -q '<img\|<script' $tmp/hs.md"
check 'md: pandoc attributes that set a handler or a style are escaped' \
	"grep -qF '[z]\\{onclick=\"alert(12)\"} [w](https://arxiv.org)\\{onmouseover=alert(13)}' $tmp/handmade-markdown-hostile.md && grep -qxF '# Heading \\{onload=alert(14)}' $tmp/handmade-markdown-hostile.md && grep -qxF '::: \\{style=\"position:fixed\"}' $tmp/handmade-markdown-hostile.md"
check 'md: normal TeX and comparisons stay as written' \
	"grep -qF 'Safe links stay: [arXiv](https://arxiv.org/abs/2501.00001), [rel](../x), [m](mailto:a@b.org), \$2<z<5\$, \$m<l/2\$, a < b, [O III]: 5007' $tmp/handmade-markdown-hostile.md"
check 'md: a hostile id cannot leave its link' \
	"grep -qF '](https://arxiv.org/abs/2601.90004%22%20onmouseover%3D%22document.title%3D%27pwned%27%3Bdocument.body.insertAdjacentHTML%28%27beforeend%27%2C%27%3Cp%20id%3Dinjected%3Ex%3C/p%3E%27%29%22%20x%3D%22) <a id=\"link' $tmp/case-markdown-raw-html.md"

# --- --site: days out of order, across a month and a year boundary
site=$tmp/site
mk() {	# mk DAY: a day's digest from the seed, the day from stats.json
	sed "s/2025-09-10/$1/" $seed/stats.json >"$tmp/st-$1.json"
	axrender --site "$site" --stats "$tmp/st-$1.json" $seed/papers.jsonl
}
check 'site: four days written in a jumbled order' 'mk 2025-12-31 && mk 2026-02-02 && mk 2025-12-30 && mk 2026-01-02'
check 'site: day, month, year pages, index, feed, style, math, KaTeX and the kept days; no lock or temporary files' \
	"cd $site && test \"\$(ls -A | tr '\n' ' ')\" = '2025-12-30.html 2025-12-31.html 2025-12.html 2025.html 2026-01-02.html 2026-01.html 2026-02-02.html 2026-02.html 2026.html ax-math.js ax.css days feed.xml index.html katex ' &&
	test \"\$(ls days | tr '\n' ' ')\" = '2025-12-30.json 2025-12-31.json 2026-01-02.json 2026-02-02.json ' &&
	test -f katex/katex.min.js && test -f katex/katex.min.css && test \$(ls katex/fonts | grep -c woff2) -ge 20 &&
	! find . -name '.*' -o -name '*.lock' -o -name '*.tmp*' | grep -v '^\\.\$' | grep ."
navof() {	# the prev / month / next targets of a day page, "-" when there is none
	python3 -c 'import re,sys
t=open(sys.argv[1]).read()
n=re.findall(r"<!--ax-nav-->(.*?)<!--/ax-nav-->",t)
assert len(n)==2 and n[0]==n[1], "two equal nav blocks"
def h(rel):
    m=re.search(r"<a (?:rel=\"%s\" )?href=\"([^\"]*)\">%s" % (rel[0], rel[1]), n[0])
    return m.group(1) if m else "-"
print(h(("prev","Previous Day")), h(("x","Monthly Overview")), h(("next","Next Day")))' "$site/$1.html"
}
check 'site: 2025-12-30 links - / 2025-12 / 2025-12-31' "test \"\$(navof 2025-12-30)\" = '- 2025-12.html 2025-12-31.html'"
check 'site: 2025-12-31 links across the year to 2026-01-02' "test \"\$(navof 2025-12-31)\" = '2025-12-30.html 2025-12.html 2026-01-02.html'"
check 'site: 2026-01-02 links both ways across months' "test \"\$(navof 2026-01-02)\" = '2025-12-31.html 2026-01.html 2026-02-02.html'"
check 'site: 2026-02-02 is the last day' "test \"\$(navof 2026-02-02)\" = '2026-01-02.html 2026-02.html -'"
check 'site: every link of every page resolves to a file' "
	cd $site && for p in *.html; do grep -o 'href=\"[^\"#:]*\"' \$p | sed 's/href=\"//; s/\"\$//' | while read -r l; do test -f \"\$l\" || { echo \"\$p -> \$l\"; exit 1; }; done || exit 1; done"
check 'site: the month overview lists its days' "grep -c '<li><a href=\"2025-12-3[01].html\">' $site/2025-12.html | grep -qx 2"
check 'site: the index lists every month, newest first' "grep -o 'href=\"20[0-9-]*.html\">20[0-9-]*<' $site/index.html | tr -d '\n' | grep -q '2026-02.*2026-01.*2025-12'"
check 'site: every page is valid HTML and XML' "for p in $site/*.html; do xmllint --noout \$p && xmllint --html --noout \$p || exit 1; done"
check 'site: the day page is the html page plus navigation, the site style and scripts' "
	axrender -f html --stats $tmp/st-2025-12-31.json $seed/papers.jsonl | sed -n '/^<div role=.main.>/,/^<[/]body>/p' | sed '\$d' >$tmp/a &&
	sed -n '/^<div role=.main.>/,/^<div role=.contentinfo.>/p' $site/2025-12-31.html | sed '\$d' | cmp -s - $tmp/a && test -s $tmp/a &&
	grep -q '<link rel=\"stylesheet\" href=\"ax.css\"/>' $site/2025-12-31.html && grep -q '<script defer=\"defer\" src=\"ax-math.js\">' $site/2025-12-31.html"
check 'site: rendering a day again changes nothing else' "
	cp -r $site $tmp/site0 && mk 2025-12-31 && diff -r $tmp/site0 $site"
check 'site: a new day between two months relinks only its neighbours' "
	mk 2026-01-20 && test \"\$(navof 2026-01-02)\" = '2025-12-31.html 2026-01.html 2026-01-20.html' &&
	test \"\$(navof 2026-02-02)\" = '2026-01-20.html 2026-02.html -' && cmp -s $tmp/site0/2025-12-31.html $site/2025-12-31.html"

# --- atom
check 'atom: the seed feed is well-formed XML' "axrender -f atom --stats $seed/stats.json $seed/papers.jsonl >$tmp/seed.atom && xmllint --noout $tmp/seed.atom"
check 'atom: required elements, unique ids, RFC 3339 dates, one entry per paper' "python3 $top/tests/atomcheck.py $tmp/seed.atom 20"
check 'atom: entry ids are the papers arXiv abs URLs, dates the digest day' \
	"grep -q '<id>https://arxiv.org/abs/2509.07963</id>' $tmp/seed.atom && grep -c '<updated>2025-09-10T00:00:00Z</updated>' $tmp/seed.atom | grep -qx 21"
check 'atom: the hostile input stays well-formed' "axrender -f atom --date 2025-09-10 $data/handmade-hostile.jsonl >$tmp/h.atom && xmllint --noout $tmp/h.atom && python3 $top/tests/atomcheck.py $tmp/h.atom 3"
check 'atom: an empty digest is a valid feed' "axrender -f atom --date 2025-09-10 <$tmp/empty >$tmp/e.atom && python3 $top/tests/atomcheck.py $tmp/e.atom 0"

# --- json
check_out 'json: an author match as the Python tools wrote it' "$data/handmade-author-match.json" \
	"axrender -f json $data/handmade-author-match.jsonl"
check 'json: a repeated id is kept once and reported' \
	"cat $seed/papers.jsonl $seed/papers.jsonl | exits 1 axrender -f json 2>$tmp/e >$tmp/o && grep -q 'id 2509.07963: repeats' $tmp/e && python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1])))==20' $tmp/o"
check 'json: an empty digest is {}' "axrender -f json <$tmp/empty | grep -qx '{}'"

# --- fates (issue 9): a day that scored only part of its papers says so
fates() {	# fates FILE UNSCORED OVER: the seed's stats.json with a "fates" object
	jq -c ". + {fates: {selected: 20, below_cutoff: 250, dropped: {announce: 160, seen: 3}, unscored: $2, over_budget: $3}}" $seed/stats.json >"$1"
}
check 'fates: all scored, the digest is byte for byte the real one' "
	fates $tmp/f0.json 0 0 && axrender --fail-unscored --stats $tmp/f0.json --system $seed/system.md --user $seed/user.md $seed/papers.jsonl | cmp -s $seed/digest.md -"
check 'fates: unscored papers give one warning line before the count' "
	fates $tmp/f4.json 4 0 && axrender --stats $tmp/f4.json --system $seed/system.md --user $seed/user.md $seed/papers.jsonl >$tmp/f4.md &&
	diff $seed/digest.md $tmp/f4.md | grep '^[<>]' >$tmp/f4.diff;
	test \"\$(cat $tmp/f4.diff)\" = '> **Warning:** Not scored: 4 papers. Fates: 20 selected, 250 below the cutoffs, 4 unscored, 0 over budget, 163 dropped by filters (announce 160, seen 3).
> ' && grep -B2 -x 'Total relevant papers: 20' $tmp/f4.md | head -1 | grep -q '^\*\*Warning:\*\* Not scored: 4 papers'"
check_fail 'fates: --fail-unscored exits 1 when the digest hides unscored papers' 1 \
	"axrender --fail-unscored --stats $tmp/f4.json $seed/papers.jsonl"
check 'fates: without --fail-unscored the digest still exits 0, and says so on stderr' "
	axrender --stats $tmp/f4.json $seed/papers.jsonl 2>$tmp/e >/dev/null && grep -qx 'axrender: 4 papers unscored, 0 over budget: not in the digest' $tmp/e"
check 'fates: a record with error counts as unscored and is not listed' "
	{ head -3 $seed/papers.jsonl; head -1 $seed/papers.jsonl | jq -c '{id: \"2509.99999\", title: \"T\", error: \"HTTP 500 after 5 attempts\"}'; } >$tmp/err.jsonl &&
	axrender --date 2025-09-10 $tmp/err.jsonl >$tmp/err.md 2>/dev/null &&
	grep -qx '\*\*Warning:\*\* Not scored: 1 paper.' $tmp/err.md && grep -qx 'Total relevant papers: 3' $tmp/err.md && ! grep -q 2509.99999 $tmp/err.md &&
	! axrender --fail-unscored --date 2025-09-10 $tmp/err.jsonl >/dev/null 2>&1"
check 'fates: over budget alone is named too' "
	fates $tmp/fo.json 0 7 && axrender --fail-unscored --stats $tmp/fo.json $seed/papers.jsonl 2>/dev/null | grep -qx '\*\*Warning:\*\* Not scored: 0 papers, 7 over budget. Fates: .*'"
check 'fates: the html page has the warning, escaped, and stays valid' "
	jq -c '.fates = {unscored: 2, dropped: {\"<b>kw\": 1}}' $seed/stats.json >$tmp/fh.json &&
	axrender -f html --stats $tmp/fh.json $seed/papers.jsonl >$tmp/f.html 2>/dev/null && xmllint --noout $tmp/f.html &&
	grep -q '<p class=\"warning\"><strong>Warning:</strong> Not scored: 2 papers. .*(&lt;b&gt;kw 1)' $tmp/f.html"
check_fail 'fates: a fates value that is not an object exits 2' 2 \
	"jq -c '.fates = 3' $seed/stats.json >$tmp/fb.json; axrender --stats $tmp/fb.json <$tmp/empty"
# --- issue 17: a month of real astro-ph days (tests/data/scored-astro-ph.tar.gz,
# 2025-08) and a day of real cs/math/hep abstracts (the arXiv metadata
# snapshot's first 200) as sites, drawn by Debian's Chromium and KaTeX
chrome() {	# chrome PAGE: the DOM after scripts ran, or a screenshot with more options
	rm -rf "$tmp/chr"
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/chr" \
		--virtual-time-budget=5000 --dump-dom "file://$1" 2>"$tmp/chr.log"
}
sc=$tmp/sc astro=$tmp/astro cs=$tmp/cs
mkdir -p $sc
check 'site: the 21 real astro-ph days of 2025-08 become a site' "
	tar xzf $data/scored-astro-ph.tar.gz -C $sc && for j in $sc/scored/2025-08-*-output.json; do
		d=\$(basename \$j -output.json) && $d2i --from-json \$j $sc/\$d.jsonl &&
		axrender --site $astro --name astro --date \$d $sc/\$d.jsonl || exit 1; done &&
	test \$(ls $astro/days | wc -l) -eq 21 && test \$(ls $astro/2025-08-*.html | wc -l) -eq 21"
check 'site: a day of real cs, math and hep abstracts, with comments and categories' "
	jq -c '{id, title, authors: (.authors | split(\", \")), abstract, comments, categories: (.categories | split(\" \")), relevance: 8, novelty: 7}' \
		$data/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl >$sc/cs.jsonl &&
	axrender --site $cs --name cs --date 2025-09-09 $sc/cs.jsonl &&
	axrender --site $cs --name cs --stats $seed/stats.json $seed/papers.jsonl"
check 'chromium: every astro-ph and cs day page drawn (KaTeX ran)' "
	for p in $astro/2025-08-*.html $cs/2025-09-09.html $cs/2025-09-10.html; do chrome \$p >\$p.dom && grep -q 'data-math-ok=' \$p.dom || exit 1; done"
# The formulas KaTeX cannot draw are the authors' own macros ($\msun$, $\kms$,
# $\Q$, $\cla$): the old abstracts of the snapshot have more of them.
check 'chromium: formulas rendered and failed counted; a failed one shows its TeX, no error box' "
	python3 $top/tests/sitecheck.py math $astro/*.dom >$tmp/astro.math && python3 $top/tests/sitecheck.py math $cs/*.dom >$tmp/cs.math &&
	sed 's/^/# astro-ph 2025-08: /' $tmp/astro.math && sed 's/^/# cs 2025-09-10: /' $tmp/cs.math &&
	read _ ok _ failed _ spans <$tmp/astro.math && test \$spans -ge 3000 && test \$((ok * 100)) -ge \$((spans * 98)) &&
	read _ ok _ failed _ spans <$tmp/cs.math && test \$spans -ge 250 && test \$((ok * 100)) -ge \$((spans * 90))"
check 'chromium: a formula KaTeX cannot parse, or with a command that links or styles (\\\\href, \\\\htmlId), keeps its text' "
	axrender --site $tmp/badsite --date 2025-01-01 $data/handmade-math.jsonl && chrome $tmp/badsite/2025-01-01.html >$tmp/bad.dom &&
	python3 $top/tests/sitecheck.py math $tmp/bad.dom >$tmp/bad.math && test \"\$(cat $tmp/bad.math)\" = 'ok 5 failed 11 spans 16' &&
	grep -qF 'data-math=\"failed\">\$\\frac{1}{\$</span>' $tmp/bad.dom &&
	grep -qF 'data-math=\"failed\">\$\\href{javascript:alert(1)}{click}\$</span>' $tmp/bad.dom &&
	test \$(grep -o '<a [^>]*>' $tmp/bad.dom | grep -vc 'href=\"https://arxiv.org/abs/\|href=\"https://arxiv.org/pdf/\|href=\"#link\|href=\"20[0-9-]*.html\"') -eq 0 && ! grep -q 'id=\"injected\"' $tmp/bad.dom"
check 'html: names as people write them (UTF-8, not TeX)' "
	grep -q 'Tallada-Crespí' $astro/2025-08-01.html && grep -q 'Ciucă' $astro/2025-08-01.html && grep -q 'C. Balázs' $cs/2025-09-09.html && ! grep -qF 'Bal\\&#39;azs' $cs/2025-09-09.html && ! grep -qF \"Bal\\\\'azs\" $cs/2025-09-09.html"
check 'site: every href and src of both sites resolves, #fragments included' "
	python3 $top/tests/sitecheck.py links $astro >/dev/null && python3 $top/tests/sitecheck.py links $cs >/dev/null"
check 'site: headings in order on every page' "python3 $top/tests/sitecheck.py headings $astro/*.html $cs/*.html"
check 'site: the security policy allows only the site own scripts and styles' "
	for p in $astro/*.html; do grep -q \"content=\\\"default-src 'none'; style-src 'self'; script-src 'self'; font-src 'self'; img-src 'self'\\\"\" \$p || exit 1; done &&
	! grep -l 'unsafe-inline\\|<style\\|style=\\|<script>' $astro/*.html | grep ."
check 'chromium: the hostile records on a site page with math run nothing' "
	axrender --site $tmp/hsite --date 2025-09-10 --system $data/handmade-hostile-system.md --user $data/handmade-hostile-user.md $data/handmade-hostile.jsonl $data/case-markdown-raw-html.jsonl &&
	chrome $tmp/hsite/2025-09-10.html >$tmp/hsite.dom && grep -q 'data-math-ok=' $tmp/hsite.dom &&
	test \$(grep -o '<script[^>]*>' $tmp/hsite.dom | sort | uniq -c | wc -l) -eq 2 &&
	sed 's#<script defer=\"defer\" src=\"katex/katex.min.js\"></script>##; s#<script defer=\"defer\" src=\"ax-math.js\"></script>##' $tmp/hsite.dom >$tmp/hsite.rest &&
	$dom safe $tmp/hsite.rest 'Personalized Daily ArXiv Papers 2025-09-10' \"<script>document.title='pwned';\""
check 'site: --no-math pages have no script at all, and no KaTeX is copied' "
	axrender --site $tmp/nomath --no-math --date 2025-08-01 $sc/2025-08-01.jsonl && ! grep -l '<script' $tmp/nomath/*.html | grep . &&
	test ! -e $tmp/nomath/katex && test ! -e $tmp/nomath/ax-math.js && grep -q \"style-src 'self'; img-src 'self'\" $tmp/nomath/2025-08-01.html &&
	grep -q '<span class=\"math\">' $tmp/nomath/2025-08-01.html"
check 'site: the month page lists each day with its counts and top three titles, then the best papers' "
	test \$(grep -c '^<li><a href=\"2025-08-[0-9]*.html\">2025-08-[0-9]*</a> <span class=\"counts\">selected [0-9]*</span>' $astro/2025-08.html) -eq 21 &&
	test \$(sed '/Best papers/q' $astro/2025-08.html | grep -c '^<li><a href=\"2025-08-[0-9]*.html#link[123]\">') -eq 63 &&
	grep -q '<h2>Best papers of the month</h2>' $astro/2025-08.html &&
	grep -q 'fetched 437, scanned 274, selected 20' $cs/2025-09.html"
check 'site: the year page lists the months, the index the latest day top papers and its month' "
	grep -q '<a href=\"2025-08.html\">Monthly Overview 2025-08</a> <span class=\"counts\">(21 days)</span>' $astro/2025.html &&
	grep -q '<h2>Latest: <a href=\"2025-08-29.html\">2025-08-29</a></h2>' $astro/index.html &&
	test \$(grep -c '^<li><a href=\"2025-08-29.html#link[1-5]\">' $astro/index.html) -eq 5 &&
	grep -q '<a href=\"2025-08.html\">Monthly Overview 2025-08</a>' $astro/index.html"
check 'site: every page has its Previous / overview / Next links and the feed link' "
	for p in $astro/*.html; do grep -q 'class=\"nav\"' \$p && grep -q '<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"feed.xml\"/>' \$p || exit 1; done &&
	grep -q 'Previous Day 2025-08-27.*Monthly Overview 2025-08.*Next Day 2025-08-29' $astro/2025-08-28.html &&
	grep -q 'Previous Month</span><a href=\"2025.html\">Year 2025</a><a href=\"index.html\">Index</a><span>Next Month' $astro/2025-08.html"
check 'feed: python3-feedparser reads each profile feed; ids distinct per profile' "
	python3 $top/tests/sitecheck.py feed $astro/feed.xml urn:ax:feed:astro \$(jq -s '[.[].papers[].id] | unique | length' \$(ls $astro/days/*.json | tail -7)) &&
	python3 $top/tests/sitecheck.py feed $cs/feed.xml urn:ax:feed:cs \$(jq -s '[.[].papers[].id] | unique | length' $cs/days/*.json) &&
	SITE_URL=https://example.org/ax/ axrender --site $tmp/url --date 2025-08-01 $sc/2025-08-01.jsonl &&
	python3 $top/tests/sitecheck.py feed $tmp/url/feed.xml https://example.org/ax/feed.xml \$(grep -c . $sc/2025-08-01.jsonl) &&
	grep -q '<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/ax/feed.xml\"/>' $tmp/url/feed.xml"
check 'feed: without a URL or name the id is the site path, and it stays when the site moves' "
	axrender --site $tmp/p1 --date 2025-08-01 $sc/2025-08-01.jsonl && grep -q \"<id>urn:ax:feed:\$(cd $tmp/p1 && pwd -P)</id>\" $tmp/p1/feed.xml &&
	mv $tmp/p1 $tmp/p2 && axrender --site $tmp/p2 --date 2025-08-04 $sc/2025-08-04.jsonl && grep -q \"<id>urn:ax:feed:\$(dirname $tmp/p2)/p1</id>\" $tmp/p2/feed.xml"
check 'feed: entries dated by their announcement day, not the clock' "
	grep -c '<updated>2025-08-29T00:00:00Z</updated>' $astro/feed.xml | grep -qx \$((\$(jq '.papers | length' $astro/days/2025-08-29.json) + 1)) &&
	! grep -q \"<updated>\$(date -u +%Y-%m-%d)\" $astro/feed.xml"
check 'atom: TeX names as UTF-8 in the feed, math as written' "
	grep -q 'Tallada-Crespí</name>' $astro/feed.xml && grep -q '\\\$' $astro/feed.xml"

# --- each paper complete; --group-by topic (topics of the prompt variant)
check 'html: a paper has abs and PDF links, categories primary first, badges, arXiv comments' "
	jq -c 'if (.id == \"2507.23742\") then . + {announce: \"replace-cross\", primary: \"astro-ph.GA\", categories: [\"astro-ph.CO\", \"astro-ph.GA\"], comments: \"12 pages; ApJ in press\"} else . + {announce: \"new\"} end' $sc/2025-08-01.jsonl >$tmp/full.jsonl &&
	axrender -f html --date 2025-08-01 $tmp/full.jsonl >$tmp/full.html &&
	grep -qF '<p class=\"meta\"><span class=\"badge\">updated</span> <span class=\"badge\">cross-list</span> <a href=\"https://arxiv.org/abs/2507.23742\">abs</a> · <a href=\"https://arxiv.org/pdf/2507.23742\">PDF</a> · <span class=\"cat primary\">astro-ph.GA</span> <span class=\"cat\">astro-ph.CO</span></p>' $tmp/full.html &&
	grep -qF '<strong>arXiv comments:</strong> 12 pages; ApJ in press' $tmp/full.html && test \$(grep -o 'class=\"badge\"' $tmp/full.html | wc -l) -eq 2"
check 'html: followed authors (TeX or UTF-8 in the file) and topic names highlighted' "
	printf '%s\n' 'Saeed Fakhry' \"P. Tallada-Cresp\\\\'i   # TeX\" >$tmp/follow.txt && grep -qF \"Cresp\\\\'i\" $tmp/follow.txt &&
	axrender -f html --authors $tmp/follow.txt --topics $top/examples/astro.topic.user.md --date 2025-08-01 $sc/2025-08-01.jsonl >$tmp/hl.html &&
	grep -q '<span class=\"follow\" title=\"followed author\">Saeed Fakhry</span>' $tmp/hl.html &&
	grep -q '<span class=\"follow\" title=\"followed author\">P. Tallada-Crespí</span>' $tmp/hl.html &&
	grep -qi '<mark>stellar models</mark>' $tmp/hl.html"
check 'html: --group-by topic: topics in the file order, a contents line each, every paper once' "
	jq -c '. + {topic: ([\"Stellar Models\", \"near-field cosmology\", null, \"Circumgalactic Medium\", \"Not in the list\"][(.title | length) % 5])} | if .topic == null then del(.topic) else . end' $sc/2025-08-01.jsonl >$tmp/top.jsonl &&
	axrender -f html --group-by topic --topics $top/examples/astro.topic.user.md --date 2025-08-01 $tmp/top.jsonl >$tmp/top.html &&
	grep -o '<li><a href=\"#topic[0-9]*\">[^<]*</a> ([0-9]*)</li>' $tmp/top.html | sed 's/.*\">//; s/<.a> (.*//' | tr '\n' '|' >$tmp/order &&
	test \"\$(cat $tmp/order)\" = 'Near-Field Cosmology|Stellar Models|Circumgalactic Medium|Not in the list|Other papers|' &&
	test \$(grep -c '<div class=\"paper\"' $tmp/top.html) -eq \$(grep -c . $tmp/top.jsonl) &&
	test \$(grep -o 'id=\"link[0-9]*\"' $tmp/top.html | sort -u | wc -l) -eq \$(grep -c . $tmp/top.jsonl) &&
	$dom anchors $tmp/top.html && xmllint --noout $tmp/top.html && python3 $top/tests/sitecheck.py headings $tmp/top.html"
check 'html: the default layout stays classic (no topic sections)' "! grep -q 'class=\"topic\"' $tmp/hl.html"
check_fail 'a bad --group-by exits 2' 2 "axrender --group-by author <$tmp/empty"

# -- TeX as UTF-8 in the mail text and in the records a webhook posts ---------
printf '%s\n' '{"id":"2601.00001","title":"Fl\\\"ussigkeit by Mandacar\\'"'"'u -- a $x^2$ test","authors":["Djura\\v{s}evi\\'"'"'c, M.","Ada Chen"],"abstract":"A b.","relevance":8,"novelty":6,"score":14,"extra":{"k":1}}' >$tmp/tex.jsonl
check 'text: TeX accents as UTF-8 in title and authors, math as written' \
	"axrender -f text --date 2026-01-01 $tmp/tex.jsonl >$tmp/tex.txt &&
	 grep -qF 'Flüssigkeit by Mandacarú – a \$x^2\$ test' $tmp/tex.txt && grep -qF 'Djurašević, M.' $tmp/tex.txt &&
	 ! grep -qF '\\' $tmp/tex.txt"
check 'jsonl: the records in digest order, title and authors as shown, other keys as they came' \
	"axrender -f jsonl $tmp/tex.jsonl >$tmp/tex.out && test \$(wc -l <$tmp/tex.out) -eq 1 &&
	 jq -e '.title == \"Flüssigkeit by Mandacarú – a \$x^2\$ test\" and .authors == [\"Djurašević, M.\", \"Ada Chen\"] and
	     .extra == {\"k\":1} and .abstract == \"A b.\" and .score == 14' $tmp/tex.out"

done_testing
