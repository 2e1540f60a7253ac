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

# --- network, against the feed server -------------------------------------
log=$tmp/server.log
server feedserver --log "$log" --lifetime 100
u=http://127.0.0.1:$port
n() { axfetch --delay 0 "$@" >"$tmp/out" 2>"$tmp/err"; }

check 'rss: one request for all categories, records marked with the source' '
	: > $log; n --rss-url $u/rss cs.LG cs.CL &&
	q "map(.id) == [\"2604.21952\", \"2604.22027\", \"2604.21956\", \"cond-mat/0603029\"]" &&
	q "length > 0 and all(.source == \"rss:cs.LG+cs.CL\")" && test "$(cat $log)" = "- /rss/cs.LG+cs.CL?"'
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

check 'oai: a server that repeats its resumptionToken is stopped, exit 1' '
	: > $log; ! n --oai --from 2099-02-02 --oai-url $u/oai &&
	test "$(wc -l < $log)" -eq 2 && q "length == 6" &&
	grep -q "^axfetch: oai: the server repeated resumptionToken same-token; harvest stopped$" $tmp/err'

done_testing
