#!/bin/sh
# axfetch: every saved format parses to the records a careful reader would
# write down; the network modes against tests/feedserver.py on 127.0.0.1.
. "$(dirname "$0")/lib.sh"

d=$data
# fx FILE... : the records of saved documents into $tmp/out, stderr into $tmp/err
fx() { axfetch -f "$@" >"$tmp/out" 2>"$tmp/err"; }
# q EXPR : jq -e over all records of $tmp/out at once
q() { jq -e -s "$1" "$tmp/out" >/dev/null; }
# took CMD : seconds the command took, to $tmp/secs
took() {
	_t0=$(date +%s.%N)
	(eval "$1")
	_st=$?
	echo "$(date +%s.%N) $_t0" | awk '{ print $1 - $2 }' >"$tmp/secs"
	return $_st
}
ge() { awk -v a="$(cat "$tmp/secs")" -v b="$1" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$(cat "$tmp/secs")" -v b="$1" 'BEGIN { exit !(a < b) }'; }

# --- RSS ----------------------------------------------------------------
check 'rss: three real cs.CL items, ids and versions' '
	fx $d/rss-cs.CL-2026-04-27-3items.xml &&
	q "map(.id) == [\"2604.22002\", \"2604.22027\", \"2604.22038\"] and map(.version) == [1, 1, 1]"'
check 'rss: announce type, primary, categories in feed order, license, pubDate as ISO date' '
	fx $d/rss-cs.CL-2026-04-27-3items.xml &&
	q "map(.announce) == [\"new\", \"new\", \"new\"]" &&
	q ".[1].categories == [\"cs.CL\", \"cs.AI\", \"cs.LG\"] and .[1].primary == \"cs.CL\"" &&
	q ".[1].license == \"http://creativecommons.org/licenses/by/4.0/\" and .[1].published == \"2026-04-27\"" &&
	q "length > 0 and all(.source == \"file:$d/rss-cs.CL-2026-04-27-3items.xml\")"'
check 'rss: dc:creator split into names, a one-word name kept' '
	fx $d/rss-cs.CL-2026-04-27-3items.xml &&
	q ".[0].authors == [\"Anamta Khan\", \"Ratna Kandala\", \"Deepti\", \"Sheza Munir\", \"Joyojeet Pal\"]" &&
	q ".[2].authors == [\"Etha Tianze Hua\", \"Tian Yun\", \"Ellie Pavlick\"]"'
check 'rss: title as is, abstract without the announce line and "Abstract:"' '
	fx $d/rss-cs.CL-2026-04-27-3items.xml &&
	q ".[0].title == \"When Cow Urine Cures Constipation on YouTube: Limits of LLMs in Detecting Culture-specific Health Misinformation\"" &&
	q ".[0].abstract | startswith(\"Social media platforms have become primary channels for health information in the Global South. Using gomutra\")" &&
	q ".[0].abstract | endswith(\"cannot be retrofitted through prompt engineering alone.\")" &&
	q "length > 0 and all(.abstract | test(\"Announce Type|Abstract:|arXiv:|\\n|  \") | not)"'
check 'rss: entities decoded (&amp; in cs.LG item)' '
	fx $d/rss-cs.LG-2026-04-27-3items.xml &&
	q "map(.id) == [\"2604.21952\", \"2604.21953\", \"2604.21956\"]" &&
	q ".[0].abstract | contains(\"visual resolution & stride\")" &&
	q ".[0].categories == [\"cs.LG\", \"cs.AI\", \"cs.AR\", \"cs.NE\", \"cs.RO\"]" &&
	q ".[2].authors == [\"Michal Valko\", \"Hamed Valizadegan\", \"Branislav Kveton\", \"Gregory F. Cooper\", \"Milos Hauskrecht\"]"'
check 'rss: no message on a clean run (stderr is not a terminal)' '
	fx $d/rss-cs.LG-2026-04-27-3items.xml && test ! -s $tmp/err'
check 'rss: every announce type kept and marked, a paper listed twice printed once' '
	fx $d/handmade-rss-combined.xml &&
	q "map(.id) == [\"2604.21952\", \"2604.22027\", \"2604.21956\", \"cond-mat/0603029\"]" &&
	q "map(.announce) == [\"new\", \"cross\", \"replace\", \"replace-cross\"]" &&
	q "map(.version) == [1, 1, 3, 2]"'
check 'rss: "A, B, and C" and "A and B" author lists' '
	fx $d/handmade-rss-combined.xml &&
	q ".[1].authors == [\"Zhuonan Yang\", \"Jacob Xiaochen Li\", \"Ellie Pavlick\"]" &&
	q ".[2].authors == [\"Michal Valko\", \"Milos Hauskrecht\"]"'
check 'rss: CDATA abstract, title across lines collapsed, old-style id' '
	fx $d/handmade-rss-combined.xml &&
	q ".[2].abstract == \"Timely detection of concerning events is an important problem in clinical practice & <elsewhere>.\"" &&
	q ".[2].title == \"Conditional anomaly detection using soft harmonic functions: An application to clinical alerting\"" &&
	q ".[3].categories == [\"cond-mat.str-el\", \"cs.LG\"] and .[3].primary == \"cond-mat.str-el\" and (.[3] | has(\"license\") | not)"'
check 'rss: the same paper in two feeds is printed once' '
	cat $d/handmade-rss-combined.xml > $tmp/a.xml &&
	fx $d/handmade-rss-combined.xml $tmp/a.xml && q "length == 4"'
check 'rss: an empty (weekend) feed prints nothing, says so, exits 0' '
	fx $d/rss-cs.CL-2026-08-01-saturday-empty.xml && test ! -s $tmp/out &&
	grep -q "saturday-empty.xml: no records" $tmp/err'

# --- Atom API -------------------------------------------------------------
check 'atom: old-style id, version, authors, comment, journal_ref, dates' '
	fx $d/atom-id_astro-ph_0601001_s0_m100_3150dca9dc76.xml &&
	q "length == 1 and .[0].id == \"astro-ph/0601001\" and .[0].version == 1" &&
	q ".[0].authors == [\"Andrew Gould\", \"Susan Dorsher\", \"B. Scott Gaudi\", \"Andrzej Udalski\"]" &&
	q ".[0].title == \"Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina\"" &&
	q ".[0].abstract | startswith(\"We derive the frequencies of hot Jupiters (HJs) with 3--5 day periods\")" &&
	q ".[0].abstract | contains(\"Gould & Morgan (2003)\") and contains(\"V_max<17.5\")" &&
	q ".[0].journal_ref == \"ActaAstron.56:1-50,2006\" and .[0].published == \"2006-01-02T14:57:58Z\"" &&
	q ".[0].comments | startswith(\"62 pages including 16 figures\")" &&
	q ".[0].categories == [\"astro-ph\"] and .[0].primary == \"astro-ph\""'
check 'atom: 34 authors in order, UTF-8 kept' '
	fx $d/atom-id_1707.08567_s0_m100_6a1afebfc6a3.xml &&
	q ".[0].id == \"1707.08567\" and (.[0].authors | length) == 34" &&
	q ".[0].authors[0] == \"Kees A. Schouhamer Immink\" and .[0].authors[33] == \"Hirosuke Yamamoto\"" &&
	q ".[0].authors[32] == \"Dirk Wübben\" and .[0].comments == \"44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck\""'
check 'atom: a page of 10 search results, primary first' '
	fx $d/atom-q_testing_s0_m10_bc5a6c384fe9.xml &&
	q "length == 10 and .[0].id == \"2202.12139\" and .[0].version == 1 and .[2].id == \"2005.14124\" and .[2].version == 2" &&
	q "all(.categories[0] == .primary)" &&
	q ".[0].title == \"Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques\""'
check 'atom 2016: version 2, title across lines, doi, categories' '
	fx $d/atom-legacy-id_list_1111.2011v2.xml &&
	q ".[0].id == \"1111.2011\" and .[0].version == 2" &&
	q ".[0].title == \"Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit\"" &&
	q ".[0].authors == [\"James M. Murray\", \"Adrian Del Maestro\", \"Zlatko Tesanovic\"]" &&
	q ".[0].doi == \"10.1103/PhysRevB.85.115117\" and .[0].journal_ref == \"Phys. Rev. B 85, 115117 (2012)\"" &&
	q ".[0].categories == [\"cond-mat.str-el\", \"cond-mat.stat-mech\"] and .[0].updated == \"2012-04-02T12:38:54Z\"" &&
	q ".[0].abstract | startswith(\"Theoretical description of anisotropic systems, such as layered superconductors\")"'
check 'atom 2016: old-style id cond-mat/0603029' '
	fx $d/atom-legacy-search_query_au_del_maestro_AND_ti_checkerboard.xml &&
	q ".[0].id == \"cond-mat/0603029\" and .[0].version == 1 and .[0].primary == \"cond-mat.str-el\""'
check_fail 'atom: the API error feed exits 1' 1 'fx $d/atom-id_abc_s0_m100_b79c8dcf6bc3.xml'
check 'atom: the API error is named, no record printed' '
	! fx $d/atom-id_abc_s0_m100_b79c8dcf6bc3.xml; test ! -s $tmp/out &&
	grep -q "id_abc_s0_m100_b79c8dcf6bc3.xml: arXiv API error: incorrect id format for abc" $tmp/err'
check 'atom: an empty result prints nothing, exits 0' '
	fx $d/atom-id_0000.0000_s0_m100_8b51d9633a68.xml && test ! -s $tmp/out && grep -q "no records" $tmp/err'

# --- OAI-PMH ----------------------------------------------------------------
check 'oai arXiv: GetRecord with keyname/forenames, categories, doi, license' '
	fx $d/oai-arXiv-GetRecord-1305.0014.xml &&
	q "length == 1 and .[0].id == \"1305.0014\" and (.[0] | has(\"version\") | not)" &&
	q ".[0].authors == [\"S. Gardner\", \"B. Plaster\"]" &&
	q ".[0].title == \"Framework for maximum likelihood analysis of neutron beta decay observables to resolve the limits of the V-A law\"" &&
	q ".[0].categories == [\"hep-ph\", \"hep-lat\", \"nucl-ex\", \"nucl-th\"] and .[0].primary == \"hep-ph\"" &&
	q ".[0].doi == \"10.1103/PhysRevC.87.065504\" and .[0].journal_ref == \"Phys. Rev. C 87, 065504 (2013)\"" &&
	q ".[0].license == \"http://arxiv.org/licenses/nonexclusive-distrib/1.0/\" and .[0].published == \"2013-04-30\" and .[0].updated == \"2013-06-28\"" &&
	q ".[0].abstract | startswith(\"We assess the ability of future neutron beta decay measurements\")"'
check 'oai arXiv: ListRecords page, three records' '
	fx $d/oai-arXiv-ListRecords-hep-ex-2017-12-14-trimmed.xml &&
	q "map(.id) == [\"1706.05371\", \"1706.09418\", \"1707.00874\"]" &&
	q ".[0].title == \"Evaluation of Silicon Photomultipliers for use as Photosensors in Liquid Xenon Detectors\"" &&
	q ".[1].authors == [\"Daniel Dercks\", \"Herbi Dreiner\", \"Manuel E. Krauss\", \"Toby Opferkuch\", \"Annika Reinert\"]" &&
	q ".[2].categories == [\"hep-ph\", \"astro-ph.CO\", \"hep-ex\"]"'
check 'oai_dc: the 3-page harvest is 2265 distinct records' '
	fx $d/oai-oai_dc-ListRecords-2023-03-07-page1.xml $d/oai-oai_dc-ListRecords-2023-03-07-page2.xml \
		$d/oai-oai_dc-ListRecords-2023-03-07-page3-last.xml &&
	q "length == 2265 and (map(.id) | unique | length) == 2265" && test ! -s $tmp/err'
check 'oai_dc: "Surname, Forenames" -> "Forenames Surname", Comment: -> comments, dates' '
	fx $d/oai-oai_dc-ListRecords-2023-03-07-page1.xml &&
	q ".[0].id == \"0806.4410\" and .[0].authors == [\"Robert Baillie\"] and .[0].title == \"Summing the curious series of Kempner and Irwin\"" &&
	q ".[0].comments == \"29 pages, 2 figures, 10 tables. Several new sections. Expanded Mathematica code, which is now in the ancillary files\"" &&
	q ".[0].published == \"2008-06-27\" and .[0].updated == \"2023-03-04\"" &&
	q ".[0].abstract | startswith(\"In 1914, Kempner proved that the series 1/1 + 1/2 + ... + 1/8\")" &&
	q "map(select(.id == \"2303.00735\"))[0].authors == [\"Yarin Perry\", \"Felipe Vieira Frujeri\", \"Chaim Hoch\", \"Srikanth Kandula\", \"Ishai Menache\", \"Michael Schapira\", \"Aviv Tamar\"]" &&
	q "any(.authors[] == \"M. Finger Jr.\")"'
check 'oai_dc: doi and journal reference from dc:identifier, old-style id' '
	fx $d/oai-oai_dc-ListRecords-2023-03-07-page1.xml $d/oai-oai_dc-ListRecords-2023-03-07-page3-last.xml &&
	q "map(select(.doi == \"10.1016/j.patrec.2014.01.002\"))[0].journal_ref == \"Pattern Recognition Letters 42 (2014): 25-34\"" &&
	q "map(select(.id == \"nlin/0202021\"))[0].authors == [\"Darryl D. Holm\", \"Zhijun Qiao\"]"'
for e in 1305.9999 malformed versioned-1305.0014v1; do
	check_fail "oai: idDoesNotExist ($e) exits 1" 1 "fx $d/oai-error-idDoesNotExist-$e.xml"
done
check 'oai: the error code and text are named' '
	! fx $d/oai-error-idDoesNotExist-1305.9999.xml; test ! -s $tmp/out &&
	grep -q "1305.9999.xml: OAI-PMH error idDoesNotExist: Identifier .oai:arXiv.org:1305.9999. has correct form" $tmp/err'
check 'oai: noRecordsMatch is an empty result: nothing printed, noted, exit 0' '
	fx $d/handmade-oai-noRecordsMatch.xml && test ! -s $tmp/out && grep -q "no records match (noRecordsMatch)" $tmp/err'
check_fail 'oai: badResumptionToken exits 1' 1 'fx $d/handmade-oai-badResumptionToken.xml'

# --- Kaggle snapshot --------------------------------------------------------
check 'kaggle: 200 records, TeX accents as arXiv wrote them, version from versions' '
	fx $d/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl &&
	q "length == 200 and .[0].id == \"0704.0001\" and .[0].version == 2" &&
	q ".[0].authors == [\"C. Bal\\\\'"'"'azs\", \"E. L. Berger\", \"P. M. Nadolsky\", \"C.-P. Yuan\"]" &&
	q ".[0].title == \"Calculation of prompt diphoton production cross sections at Tevatron and LHC energies\"" &&
	q ".[0].journal_ref == \"Phys.Rev.D76:013009,2007\" and .[0].doi == \"10.1103/PhysRevD.76.013009\"" &&
	q ".[0].published == \"2007-04-02T19:18:42Z\" and .[0].updated == \"2007-07-24T20:10:27Z\""'
check 'kaggle: "A and B", affiliations in parentheses dropped, categories' '
	fx $d/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl &&
	q ".[1].authors == [\"Ileana Streinu\", \"Louis Theran\"] and .[1].categories == [\"math.CO\", \"cs.CG\"] and .[1].primary == \"math.CO\"" &&
	q "map(select(.authors[0] == \"A. S. Mishchenko\"))[0].authors == [\"A. S. Mishchenko\", \"N. Nagaosa\"]" &&
	q "map(select(.authors | index(\"Neal J. Evans II\")))| length == 1" &&
	q ".[1].abstract | startswith(\"We describe a new algorithm, the \$(k,\\\\ell)\$-pebble game with colors\")"'
check 'kaggle: a bad line is reported with its number, the others still printed' '
	! fx $d/handmade-kaggle-bad-lines.jsonl && q "map(.id) == [\"0704.0001\"]" &&
	grep -q "handmade-kaggle-bad-lines.jsonl:2: invalid JSON" $tmp/err &&
	grep -q "handmade-kaggle-bad-lines.jsonl:3: no \"id\"" $tmp/err'

# --- author lists as arXiv writes them (issue 12) ----------------------------
check 'authors: a group before a colon is an element of its own (RSS), the first author found by axfilter' '
	fx $d/handmade-rss-collab-prefix.xml && q ".[0].authors == [\"ExampleLab\", \"Ada Chen\", \"Ben Li\", \"Cara Gong\"]" &&
	axfilter --authors $d/handmade-follow-ada-chen.txt $tmp/out > $tmp/f.jsonl &&
	jq -e -s ".[0].reason == \"Author match\" and .[0].score == 20" $tmp/f.jsonl >/dev/null'
check 'authors: "ATLAS Collaboration: G. Aad, ..." in a Kaggle line' '
	fx $d/handmade-kaggle-collab-prefix.jsonl &&
	q ".[0].authors == [\"ATLAS Collaboration\", \"G. Aad\", \"B. Abbott\", \"J. Abdallah\"]"'
# au CREATOR: the authors array axfetch makes of one RSS dc:creator
au() {
	printf '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><guid>oai:arXiv.org:2604.00001v1</guid><title>t</title><dc:creator>%s</dc:creator></item></channel></rss>\n' "$1" |
		axfetch -f | jq -c .authors
}
while IFS='|' read -r creator want; do
	check "authors: $creator" 'test "$(au "$creator")" = "$want"'
done <<'EOF2'
ExampleLab: Ada Chen, Ben Li, Cara Gong|["ExampleLab","Ada Chen","Ben Li","Cara Gong"]
CMS Collaboration: A. Tumasyan et al.|["CMS Collaboration","A. Tumasyan"]
LIGO Scientific Collaboration and Virgo Collaboration: B. P. Abbott, R. Abbott|["LIGO Scientific Collaboration","Virgo Collaboration","B. P. Abbott","R. Abbott"]
A. Smith, B. Jones and C. Lee|["A. Smith","B. Jones","C. Lee"]
A. Smith, B. Jones, and C. Lee|["A. Smith","B. Jones","C. Lee"]
A. Smith et al.|["A. Smith"]
A. Smith, B. Jones, et al|["A. Smith","B. Jones"]
Ada Chen (MIT), Ben Li (Stanford; Google)|["Ada Chen","Ben Li"]
Ada Chen (1), Ben Li (2) ((1) MIT, (2) Stanford)|["Ada Chen","Ben Li"]
G. Aad for the ATLAS Collaboration|["G. Aad","ATLAS Collaboration"]
G. Aad, B. Abbott, for the ATLAS Collaboration|["G. Aad","B. Abbott","ATLAS Collaboration"]
M. Rossi (for the CMS Collaboration)|["M. Rossi","CMS Collaboration"]
J. Smith on behalf of the LHCb Collaboration|["J. Smith","LHCb Collaboration"]
Ada Chen, Ben Li (for the ExampleLab Consortium) and Cara Gong|["Ada Chen","Ben Li","ExampleLab Consortium","Cara Gong"]
The ATLAS Collaboration|["The ATLAS Collaboration"]
Neal J. Evans II, A. B. Smith, Jr.|["Neal J. Evans II","A. B. Smith Jr."]
Alexander Anand and Andrew Sand|["Alexander Anand","Andrew Sand"]
EOF2
check 'authors: followed first authors after a group, "and" and "for the" are all matched' '
	for c in "ExampleLab: Ada Chen, Ben Li" "ATLAS Collaboration: Ada Chen, G. Aad" "Ada Chen for the ATLAS Collaboration" \
		"B. Jones and Ada Chen" "Ada Chen et al." "Ada Chen (MIT) on behalf of the LHCb Collaboration"; do
		au "$c" | jq -c "{id: \"2604.00001\", title: \"t\", abstract: \"\", authors: .}" || exit 1
	done > $tmp/in.jsonl &&
	axfilter --authors $d/handmade-follow-ada-chen.txt $tmp/in.jsonl > $tmp/f.jsonl &&
	jq -e -s "length == 6 and all(.reason == \"Author match\")" $tmp/f.jsonl >/dev/null'

# --- saved sources: each format by its content (issue 14) --------------------
check 'paper records: examples/papers.jsonl passes through byte for byte, authors kept' '
	fx $top/examples/papers.jsonl && cmp $tmp/out $top/examples/papers.jsonl && test ! -s $tmp/err &&
	q "length == 20 and all(.authors | length > 0)"'
check 'paper records: axfetch'"'"'s own output read back is unchanged (RSS, OAI arXiv)' '
	fx $d/handmade-rss-combined.xml $d/oai-arXiv-ListRecords-hep-ex-2017-12-14-trimmed.xml && cp $tmp/out $tmp/rec.jsonl &&
	fx $tmp/rec.jsonl && cmp $tmp/out $tmp/rec.jsonl && test ! -s $tmp/err'
check 'paper records: extra keys, their own source, empty authors and CRLF kept as they were' '
	printf "%s\r\n" "{\"id\":\"2604.21952\",\"title\":\"T\",\"authors\":[\"Ada Chen\"],\"abstract\":\"a  b\",\"categories\":[\"cs.LG\"],\"source\":\"rss:cs.LG\",\"score\":7.5,\"reason\":\"r\",\"x\":{\"y\":[1,null]}}" \
		"{\"id\":\"2604.21953\",\"title\":\"U\",\"authors\":[],\"abstract\":\"\",\"categories\":[\"cs.AI\"]}" \
		"{\"id\":\"2604.21956\",\"categories\":[\"cs.AI\"],\"title\":\"no authors key\"}" > $tmp/r.jsonl &&
	fx $tmp/r.jsonl && test ! -s $tmp/err && tr -d "\r" < $tmp/r.jsonl | cmp - $tmp/out'
check 'paper records and Kaggle lines in one file: each line by its content' '
	{ head -2 $d/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl; head -1 $top/examples/papers.jsonl; } > $tmp/mix.jsonl &&
	fx $tmp/mix.jsonl && q "map(.id) == [\"0704.0001\", \"0704.0002\", \"2509.07963\"]" &&
	q ".[0].authors == [\"C. Bal\\\\'"'"'azs\", \"E. L. Berger\", \"P. M. Nadolsky\", \"C.-P. Yuan\"] and .[0].source == \"file:$tmp/mix.jsonl\" and .[0].version == 2" &&
	q ".[2].authors[0] == \"Yilun Kuang\" and (.[2] | has(\"source\") | not)"'
check 'paper records: a line without an id, a line not an object: FILE:LINE, the others printed, exit 1' '
	{ head -1 $top/examples/papers.jsonl; echo "{\"title\":\"T\",\"authors\":[\"A\"]}"; echo "[1,2]"; sed -n 2p $top/examples/papers.jsonl; } > $tmp/bad.jsonl &&
	! fx $tmp/bad.jsonl && q "length == 2" &&
	grep -qx "axfetch: $tmp/bad.jsonl:2: no \"id\": not a paper record" $tmp/err &&
	grep -qx "axfetch: $tmp/bad.jsonl:3: not a JSON object" $tmp/err'
check 'every format axfetch(1) names is read from a file and from stdin, exit 0' '
	for f in rss-cs.LG-2026-04-27-3items.xml atom-id_1707.08567_s0_m100_6a1afebfc6a3.xml \
		atom-legacy-id_list_1111.2011v2.xml oai-arXiv-GetRecord-1305.0014.xml \
		oai-arXiv-ListRecords-hep-ex-2017-12-14-trimmed.xml oai-oai_dc-ListRecords-2023-03-07-page3-last.xml \
		kaggle-arxiv-metadata-oai-snapshot.head200.jsonl ../../examples/papers.jsonl; do
		axfetch -f $d/$f > $tmp/a.jsonl && test -s $tmp/a.jsonl &&
		axfetch -f < $d/$f > $tmp/b.jsonl && test "$(wc -l < $tmp/a.jsonl)" = "$(wc -l < $tmp/b.jsonl)" &&
		jq -e -s "all(.id and (.authors | type == \"array\"))" $tmp/a.jsonl >/dev/null || exit 1
	done'

# --- files, streams, errors ---------------------------------------------------
check 'malformed XML: line named, records before it printed, exit 1' '
	! fx $d/handmade-oai-malformed-truncated.xml && q "map(.id) == [\"1706.05371\"]" &&
	grep -q "handmade-oai-malformed-truncated.xml:35: malformed XML" $tmp/err'
check 'not a feed: named and exit 1' '
	! fx $d/handmade-not-a-feed.html && grep -q "not an arXiv RSS, Atom or OAI-PMH document" $tmp/err'
check 'a missing file is reported, the others still read' '
	! fx $tmp/nonexistent $d/oai-arXiv-GetRecord-1305.0014.xml && q "length == 1" && grep -q "nonexistent" $tmp/err'
check 'stdin: "-" and no operand, source file:stdin' '
	axfetch -f - < $d/oai-arXiv-GetRecord-1305.0014.xml > $tmp/out && q ".[0].source == \"file:stdin\"" &&
	axfetch -f < $d/rss-cs.LG-2026-04-27-3items.xml > $tmp/out && q "length == 3"'
check 'several documents in one stream: the 3 pages concatenated' '
	cat $d/oai-oai_dc-ListRecords-2023-03-07-page1.xml $d/oai-oai_dc-ListRecords-2023-03-07-page2.xml \
		$d/oai-oai_dc-ListRecords-2023-03-07-page3-last.xml | axfetch -f > $tmp/out && q "length == 2265"'
check 'several documents in one stream: a broken one does not stop the next' '
	cat $d/handmade-oai-malformed-truncated.xml $d/oai-arXiv-GetRecord-1305.0014.xml $d/atom-legacy-id_list_1111.2011v2.xml |
		exits 1 axfetch -f > $tmp/out 2>$tmp/err &&
	q "map(.id) == [\"1706.05371\", \"1305.0014\", \"1111.2011\"]"'
check_fail 'usage: no category' 2 'axfetch'
check_fail 'usage: --api needs --until' 2 'axfetch --api --from 2025-09-01 cs.LG'
check_fail 'usage: a bad date' 2 'axfetch --oai --from 2025-13-01 cs'
check_fail 'usage: a bad --format' 2 'axfetch --oai --from 2025-09-01 --format marc cs'
check_fail 'usage: -f and --oai together' 2 'axfetch -f --oai --from 2025-09-01'

# --- one bad byte costs one character, never the rest (issue 12) -------------
# spoil SRC OUT NEEDLE NTH BYTES: SRC (gzip or not) with the bytes (a Python
# literal) after the NTH (0: first, -1: last) NEEDLE; prints the line they are on
spoil() {
	python3 - "$@" <<'PY'
import gzip, sys
src, out, needle, nth, bad = sys.argv[1:6]
g = open(src, "rb").read()
if g[:2] == b"\x1f\x8b":
    g = gzip.decompress(g)
needle = needle.encode()
pos = [i for i in range(len(g)) if g.startswith(needle, i)]
k = pos[int(nth)] + len(needle)
open(out, "wb").write(g[:k] + eval("b'" + bad + "'") + g[k:])
print(g[:k].count(b"\n") + 1)
PY
}
rss300=$d/rss-cs.AI-2026-04-27-300items.xml.gz
gzip -dc $rss300 >$tmp/good300.xml
check 'bad bytes: the 300-item feed itself is clean' '
	fx $tmp/good300.xml && q "length == 300" && test ! -s $tmp/err'
# the case feed-with-one-bad-byte (see tests/data/SOURCES.md): 0xFF, a NUL, a Latin-1
# e-acute in the 6th item, then each kind near the start, middle and end
for kind in 'ff|\xff|invalid UTF-8 byte 0xFF' 'nul|\x00|NUL byte' 'latin1|\xe9|invalid UTF-8 byte 0xE9' \
	'c0|\xc0\xaf|invalid UTF-8 byte 0xC0' 'surrogate|\xed\xa0\x80|invalid UTF-8 byte 0xED' \
	'cut|\xe2\x82|invalid UTF-8 byte 0xE2' 'esc|\x1b|control character 0x1B' \
	'fffe|\xef\xbf\xbe|character U+FFFE is not allowed in XML,' 'cont|\x80|invalid UTF-8 byte 0x80'; do
	name=${kind%%|*}; rest=${kind#*|}; bytes=${rest%%|*}; what=${rest#*|}
	for at in 'Abstract: |5|6th item' '<title>|0|channel title' 'Abstract: |150|middle item' \
		'</title>|-1|last title' '</item>|-1|after the last item'; do
		needle=${at%%|*}; rest=${at#*|}; nth=${rest%%|*}; where=${rest#*|}
		line=$(spoil $rss300 $tmp/bad.xml "$needle" "$nth" "$bytes")
		check "bad bytes: rss, $name in the $where: 300 papers, U+FFFD, bad.xml:$line, exit 1" '
			! fx $tmp/bad.xml && q "length == 300 and (map(.id) | unique | length) == 300" &&
			head -1 $tmp/err | grep -qx "axfetch: $tmp/bad.xml:$line: $what.*replaced with U+FFFD" &&
			test "$(grep -cv "^axfetch: $tmp/bad.xml:$line: .* replaced with U+FFFD$" $tmp/err)" -eq 0'
	done
done
check 'bad bytes: the replacement character stands in the abstract, the rest of it kept' '
	spoil $rss300 $tmp/bad.xml "Abstract: " 5 "\xe9" >/dev/null && ! fx $tmp/bad.xml &&
	q ".[5].abstract | test(\"\\ufffd\")" && q "[.[5].abstract | explode[] | select(. == 65533)] | length == 1" &&
	jq -s -r ".[5].abstract" $tmp/out > $tmp/a1 && fx $tmp/good300.xml && jq -s -r ".[5].abstract" $tmp/out > $tmp/a2 &&
	test "$(sed "s/\xef\xbf\xbd//" $tmp/a1)" = "$(cat $tmp/a2)"'
check 'bad bytes: many in one feed: five named, the rest counted, every paper kept' '
	python3 -c "
import gzip, sys
g = gzip.decompress(open(sys.argv[1], \"rb\").read())
open(sys.argv[2], \"wb\").write(g.replace(b\"Abstract: \", b\"Abstract: \\xe9\"))" $rss300 $tmp/bad.xml &&
	! fx $tmp/bad.xml && q "length == 300" && test "$(grep -c "^axfetch: $tmp/bad.xml:[0-9]*: invalid UTF-8 byte 0xE9 replaced with U+FFFD$" $tmp/err)" -eq 5 &&
	grep -qx "axfetch: $tmp/bad.xml: 300 malformed characters in all replaced with U+FFFD" $tmp/err'
check 'bad bytes: valid UTF-8 of every length passes untouched, no message' '
	spoil $rss300 $tmp/ok.xml "Abstract: " 7 "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \x7f" >/dev/null &&
	fx $tmp/ok.xml && test ! -s $tmp/err && q ".[7].abstract | startswith(\"é € 😀 \")"'
for kind in 'ff|\xff' 'nul|\x00' 'latin1|\xe9'; do
	name=${kind%%|*}; bytes=${kind#*|}
	for at in '<title>|0|feed title' '<summary>|4|5th summary' '<name>|-1|last author'; do
		needle=${at%%|*}; rest=${at#*|}; nth=${rest%%|*}; where=${rest#*|}
		line=$(spoil $d/atom-q_testing_s0_m10_bc5a6c384fe9.xml $tmp/bad.xml "$needle" "$nth" "$bytes")
		check "bad bytes: atom, $name in the $where: 10 entries, line $line, exit 1" '
			! fx $tmp/bad.xml && q "length == 10" && grep -q "^axfetch: $tmp/bad.xml:$line: " $tmp/err'
	done
	for at in '<dc:title>|0|first title' '<dc:description>|500|middle abstract' '<dc:creator>|-1|last creator'; do
		needle=${at%%|*}; rest=${at#*|}; nth=${rest%%|*}; where=${rest#*|}
		line=$(spoil $d/oai-oai_dc-ListRecords-2023-03-07-page1.xml $tmp/bad.xml "$needle" "$nth" "$bytes")
		check "bad bytes: oai_dc, $name in the $where: 1000 records, line $line, exit 1" '
			! fx $tmp/bad.xml && q "length == 1000" && grep -q "^axfetch: $tmp/bad.xml:$line: " $tmp/err'
	done
	line=$(spoil $d/oai-arXiv-ListRecords-hep-ex-2017-12-14-trimmed.xml $tmp/bad.xml "<abstract>" 1 "$bytes")
	check "bad bytes: oai arXiv, $name in the 2nd abstract: 3 records, line $line, exit 1" '
		! fx $tmp/bad.xml && q "map(.id) == [\"1706.05371\", \"1706.09418\", \"1707.00874\"]" &&
		grep -q "^axfetch: $tmp/bad.xml:$line: " $tmp/err'
done
# straddle SRC OUT: SRC with a declaration, a valid euro sign across the first
# read (131072 bytes), a Latin-1 e-acute and a cut sequence across the second,
# three times over; prints the lines of the second in copies 1 and 3
straddle() {
	python3 - "$@" <<'PY'
import sys
g = open(sys.argv[1], "rb").read()
doc = b'<?xml version="1.0" encoding="UTF-8"?>\n' + g
p = doc.find(b"Abstract: ", 120000) + 10
doc = doc[:p] + b" " * (131071 - p) + b"\xe2\x82\xac" + doc[p:]
q = doc.find(b"Abstract: ", 250000) + 10
doc = doc[:q] + b" " * (262143 - q) + b"\xe9\xe2\x82" + doc[q:]
open(sys.argv[2], "wb").write(doc * 3)
print(doc[:262143].count(b"\n") + 1, (doc * 3)[:262143 + 2 * len(doc)].count(b"\n") + 1)
PY
}
check 'bad bytes: sequences split across reads: a valid one kept, a bad one named with its line' '
	straddle $tmp/good300.xml $tmp/big.xml > $tmp/lines && read l1 l3 < $tmp/lines &&
	! axfetch -f < $tmp/big.xml > $tmp/out 2>$tmp/err && q "length == 300" &&
	test "$(grep -c "^axfetch: stdin:$l1: invalid UTF-8 byte 0x" $tmp/err)" -eq 2 &&
	test "$(grep -c "^axfetch: stdin:$l3: invalid UTF-8 byte 0x" $tmp/err)" -eq 1 &&
	grep -qx "axfetch: stdin: 6 malformed characters in all replaced with U+FFFD" $tmp/err &&
	q "[.[] | select(.abstract | startswith(\"€C\"))] | length == 1"'
# a fault in the markup itself costs the record it is in: read on from the next
check 'broken markup: a bad byte in a tag name costs that item only, both lines named' '
	line=$(spoil $rss300 $tmp/bad.xml "<ti" 50 "\xff") && ! fx $tmp/bad.xml &&
	q "length == 299 and (map(.id) | index(\"2604.10049\")) == null" &&
	grep -qx "axfetch: $tmp/bad.xml:$line: malformed XML: Opening and ending tag mismatch: ti.*tle line $line and title" $tmp/err &&
	grep -qx "axfetch: $tmp/bad.xml:$((line + 13)): reading on from the next record" $tmp/err'
check 'broken markup: three broken items in one feed, each named at its own line, 297 papers' '
	spoil $rss300 $tmp/b1.xml "<ti" 200 "\xff" > $tmp/l3 && spoil $tmp/b1.xml $tmp/b2.xml "<ti" 100 "\xff" > $tmp/l2 &&
	spoil $tmp/b2.xml $tmp/bad.xml "<ti" 30 "\xff" > $tmp/l1 && ! fx $tmp/bad.xml &&
	q "length == 297 and (map(.id) | unique | length) == 297" && ! grep -q "repeat" $tmp/err &&
	for l in $(cat $tmp/l1 $tmp/l2); do grep -q "^axfetch: $tmp/bad.xml:$l: malformed XML" $tmp/err || exit 1; done &&
	test "$(grep -c "reading on from the next record" $tmp/err)" -eq 3'
check 'broken markup: a stray < in an Atom entry costs that entry' '
	spoil $d/atom-q_testing_s0_m10_bc5a6c384fe9.xml $tmp/bad.xml "<summary>" 4 "<" >/dev/null &&
	! fx $tmp/bad.xml && q "length == 9" && grep -q "reading on from the next record" $tmp/err'
check 'broken markup: an OAI record without its end tag costs that record, the rest of the page read' '
	python3 -c "
import sys
g = open(sys.argv[1], \"rb\").read()
k = [i for i in range(len(g)) if g.startswith(b\"</dc:title>\", i)][500]
open(sys.argv[2], \"wb\").write(g[:k] + g[k + 11:])" $d/oai-oai_dc-ListRecords-2023-03-07-page1.xml $tmp/bad.xml &&
	! fx $tmp/bad.xml && q "length == 999" && grep -q "malformed XML" $tmp/err'
check 'broken markup: a fault in the head before any record still ends the document, named' '
	spoil $rss300 $tmp/bad.xml "<chan" 0 "<" >/dev/null && ! fx $tmp/bad.xml && test ! -s $tmp/out &&
	grep -q "malformed XML" $tmp/err && ! grep -q "reading on" $tmp/err'
check 'bad bytes: a document declared ISO-8859-1 is read as such, not "fixed"' '
	printf "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" > $tmp/l1.xml &&
	spoil $d/atom-legacy-id_list_1111.2011v2.xml $tmp/x.xml "Adrian Del Maestro" 0 "" >/dev/null &&
	sed 1d $tmp/x.xml | sed "s/Zlatko Tesanovic/Zlatko Tesanovi\xe9/" >> $tmp/l1.xml &&
	fx $tmp/l1.xml && test ! -s $tmp/err && q ".[0].authors[2] == \"Zlatko Tesanovié\""'
check 'bad bytes: a Kaggle line with a Latin-1 byte keeps its record' '
	sed "1s/Bal/B\xe1l/" $d/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl > $tmp/k.jsonl &&
	! fx $tmp/k.jsonl && q "length == 200" && grep -qx "axfetch: $tmp/k.jsonl:1: invalid UTF-8 byte 0xE1 replaced with U+FFFD" $tmp/err'

# --- network, against the feed server -------------------------------------
log=$tmp/server.log
server feedserver --log "$log" --lifetime 100
u=http://127.0.0.1:$port
n() { axfetch --delay 0 "$@" >"$tmp/out" 2>"$tmp/err"; }

check 'rss: one request for all categories, records marked with the source' '
	: > $log; n --rss-url $u/rss cs.LG cs.CL &&
	q "map(.id) == [\"2604.21952\", \"2604.22027\", \"2604.21956\", \"cond-mat/0603029\"]" &&
	q "length > 0 and all(.source == \"rss:cs.LG+cs.CL\")" && test "$(cat $log)" = "- /rss/cs.LG+cs.CL?" &&
	grep -qx "axfetch: rss:cs.LG+cs.CL: 1 items repeat papers listed before, each printed once" $tmp/err'
check 'rss: a bad byte in a fetched feed: every paper, the line named, exit 1' '
	! n --rss-url $u/rss cs.BAD && q "length == 300" &&
	grep -qx "axfetch: rss:cs.BAD:87: invalid UTF-8 byte 0xFF replaced with U+FFFD" $tmp/err'
check 'rss: AX_RSS_URL points at the server' '
	AX_RSS_URL=$u/rss n cs.LG && q "length == 3"'
check 'rss: the empty feed, exit 0 and a note' '
	n --rss-url $u/rss cs.CL && test ! -s $tmp/out && grep -q "rss:cs.CL: no records" $tmp/err'
check 'oai: the 3-page chain through its resumptionTokens' '
	: > $log; n --oai --format oai_dc --from 2023-03-07 --oai-url $u/oai &&
	q "length == 2265 and all(.source == \"oai\") and (map(.id) | unique | length) == 2265" &&
	test "$(wc -l < $log)" -eq 3 &&
	grep -q "^- /oai?verb=ListRecords&metadataPrefix=oai_dc&from=2023-03-07$" $log &&
	grep -q "^- /oai?verb=ListRecords&resumptionToken=6511260%7C1001$" $log &&
	grep -q "^- /oai?verb=ListRecords&resumptionToken=6511260%7C2001$" $log'
check 'oai: metadataPrefix arXiv with a set, AX_OAI_URL' '
	: > $log; AX_OAI_URL=$u/oai n --oai --from 2017-12-14 --until 2017-12-15 physics:hep-ex &&
	q "map(.id) == [\"1706.05371\", \"1706.09418\", \"1707.00874\"]" &&
	grep -q "metadataPrefix=arXiv&set=physics%3Ahep-ex&from=2017-12-14&until=2017-12-15" $log'
check 'oai: noRecordsMatch is an empty harvest, exit 0' '
	n --oai --from 2099-01-01 --oai-url $u/oai cs && test ! -s $tmp/out && grep -q "noRecordsMatch" $tmp/err'
check 'oai: 503 with Retry-After is waited out, then the chain completes' '
	took "n --oai --format oai_dc --from 2023-03-07 --oai-url $u/r503-a/oai" && q "length == 2265" &&
	grep -q "oai: HTTP 503, retrying in 1s" $tmp/err && ge 1'
check 'oai: --delay spaces the requests (3 requests, 1 s apart)' '
	took "axfetch --delay 1 --oai --format oai_dc --from 2023-03-07 --oai-url $u/oai > $tmp/out 2>$tmp/err" &&
	q "length == 2265" && ge 2'
check 'oai: a connection dropped in page 2: page 1 and the part of page 2 printed, exit 1' '
	! n --retries 0 --oai --format oai_dc --from 2023-03-07 --oai-url $u/drop2-a/oai &&
	q "length > 1000 and length < 2265 and all(has(\"title\"))" && grep -q "^axfetch: oai: .*resumptionToken" $tmp/err'
check 'rss: 500 then success' '
	n --rss-url $u/e500-a/rss cs.LG cs.CL && q "length == 4" && grep -q "rss:cs.LG+cs.CL: HTTP 500, retrying" $tmp/err'
check 'rss: 500 every time: named failure after the retries, exit 1' '
	! n --retries 1 --rss-url $u/always500-a/rss cs.LG cs.CL && test ! -s $tmp/out &&
	grep -q "^axfetch: rss:cs.LG+cs.CL: .*: HTTP 500$" $tmp/err'
check 'rss: a response slower than --timeout fails in time, exit 1' '
	! took "n --timeout 1 --retries 0 --rss-url $u/slow-a/rss cs.LG" && lt 2.9 &&
	grep -qi "rss:cs.LG: .*timed out" $tmp/err'
check 'rss: a body cut mid-way: the complete items printed, exit 1' '
	! n --retries 0 --rss-url $u/drop-a/rss cs.LG cs.CL &&
	q "length >= 1 and length < 4 and .[0].id == \"2604.21952\"" && grep -q "rss:cs.LG+cs.CL" $tmp/err'
check 'api: slices of --page-size until an empty page, in order' '
	: > $log; n --api --page-size 10 --from 2025-09-01 --until 2025-09-02 --api-url $u/api/query cs.LG cs.CL &&
	q "length == 60 and all(.source == \"api\") and .[0].id == \"2202.12139\" and .[10].id == \"2403.16981\" and .[50].id == \"1709.03221\"" &&
	test "$(wc -l < $log)" -eq 7 &&
	grep -q "search_query=%28cat%3Acs.LG%20OR%20cat%3Acs.CL%29%20AND%20submittedDate%3A%5B202509010000%20TO%20202509022359%5D&start=50&max_results=10&" $log'
check 'api: stops when totalResults is reached' '
	: > $log; AX_API_URL=$u/api/query n --api --from 2017-07-27 --until 2017-07-27 cs.IT &&
	q "map(.id) == [\"1707.08567\"]" && test "$(wc -l < $log)" -eq 1 && grep -q "search_query=cat%3Acs.IT%20AND" $log'
check 'api: the error feed (HTTP 400) is named, exit 1' '
	! n --api --from 2025-09-01 --until 2025-09-02 --api-url $u/api/query bad &&
	grep -q "^axfetch: api: arXiv API error: incorrect id format for abc" $tmp/err && grep -q "HTTP 400" $tmp/err'

check 'api: an empty page short of totalResults is asked again, then named, exit 1' '
	: > $log; ! n --api --page-size 10 --from 2025-09-01 --until 2025-09-02 --api-url $u/api/query cs.SHORT &&
	q "length == 10" && test "$(wc -l < $log)" -eq 5 &&
	grep -q "^axfetch: api: empty page at 10 of 25 results: 15 papers not fetched$" $tmp/err'

# --- a repeated paper is not a fetched paper (issue 12) ----------------------
check 'api: a slice that repeats a paper of the last one: asked again, the missing one named, exit 1' '
	: > $log; ! n --api --page-size 10 --from 2017-07-27 --until 2017-07-27 --api-url $u/api/query cs.REP &&
	q "length == 10 and (map(.id) | unique | length) == 10" && test "$(wc -l < $log)" -eq 5 &&
	test "$(grep -c "start=10&" $log)" -eq 4 &&
	test "$(grep -c "^axfetch: api: the page at 10 of 11 results repeats papers of earlier pages (1), asking again$" $tmp/err)" -eq 3 &&
	grep -qx "axfetch: api: 1 of 11 papers not fetched: the API repeated papers of earlier pages in their place" $tmp/err'
check 'api: the paper comes when the slice is asked again: 11 distinct, exit 0' '
	: > $log; n --api --page-size 10 --from 2017-07-27 --until 2017-07-27 --api-url $u/api/query cs.REP2 &&
	q "length == 11 and (map(.id) | unique | length) == 11 and .[10].id == \"1707.08567\"" &&
	test "$(wc -l < $log)" -eq 3 && grep -q "asking again" $tmp/err && ! grep -q "not fetched" $tmp/err'
check 'api --announced: a repeated paper is printed once and fails the run' '
	! n --api --page-size 10 --announced 2017-07-27 --api-url $u/api/query cs.REP &&
	q "length == 10 and (map(.id) | unique | length) == 10" && grep -q "1 of 11 papers not fetched" $tmp/err'
check 'oai: a record repeated on the next page: printed once, the missing one counted, exit 1' '
	: > $log; ! n --oai --from 2099-03-03 --oai-url $u/oai &&
	q "map(.id) == [\"1706.05371\", \"1706.09418\"]" && test "$(wc -l < $log)" -eq 2 &&
	grep -qx "axfetch: oai: page 2 repeats 1 records of earlier pages" $tmp/err &&
	grep -qx "axfetch: oai: 1 of 3 records not fetched: the server repeated 1 records of earlier pages in their place" $tmp/err'
check 'oai: a repeated record without completeListSize: as many may be missing, exit 1' '
	! n --oai --from 2099-04-04 --oai-url $u/oai && q "length == 2" &&
	grep -qx "axfetch: oai: the server repeated 1 records of earlier pages; as many may be missing" $tmp/err'
check 'oai: a repeated record with the list complete: printed once, noted, exit 0' '
	n --oai --from 2099-05-05 --oai-url $u/oai &&
	q "map(.id) == [\"1706.05371\", \"1706.09418\", \"1707.00874\"]" &&
	grep -qx "axfetch: oai: page 2 repeats 1 records of earlier pages" $tmp/err && ! grep -q "missing\|not fetched" $tmp/err'
check 'files: no id printed twice across formats and documents, the repeats counted' '
	fx $d/oai-arXiv-GetRecord-1305.0014.xml $d/oai-arXiv-GetRecord-1305.0014.xml $d/atom-legacy-id_list_1111.2011v2.xml \
		$d/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl $d/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl &&
	q "length == 202 and (map(.id) | unique | length) == 202" &&
	grep -qx "axfetch: $d/oai-arXiv-GetRecord-1305.0014.xml: 1 records repeat papers printed before, each printed once" $tmp/err &&
	grep -qx "axfetch: $d/kaggle-arxiv-metadata-oai-snapshot.head200.jsonl: 200 records repeat papers printed before, each printed once" $tmp/err'

check 'oai: a server that repeats its resumptionToken is stopped, each record printed once, exit 1' '
	: > $log; ! n --oai --from 2099-02-02 --oai-url $u/oai &&
	test "$(wc -l < $log)" -eq 2 && q "length == 3" &&
	grep -q "^axfetch: oai: the server repeated resumptionToken same-token; harvest stopped$" $tmp/err'

done_testing
