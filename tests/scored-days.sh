#!/bin/sh
# scored-days.sh DATA OUT: the 63 real scored days of tests/data/scored-astro-ph.tar.gz
# as paper records, one file a day in OUT/days/, and the deployment's topics
# (the prompt quoted in its digest) in OUT/topics.txt.  Used by tests/rank.t
# and tests/bench-model.sh.
set -eu
data=$1 out=$2
tar xzf "$data/scored-astro-ph.tar.gz" -C "$out"
mkdir -p "$out/days"
for f in "$out"/scored/*-output.json; do
	d=${f##*/}
	jq -c 'to_entries[] | .value | {id: .ARXIVID, title, authors, abstract,
	    relevance: .RELEVANCE, novelty: .NOVELTY, score: .SCORE, reason: .COMMENT}' \
	    "$f" >"$out/days/${d%-output.json}.jsonl"
done
sed -n '/^> You are a helpful/,$p' "$data/digest-astro-ph-2025-10-23.md" |
	sed 's/^> \{0,1\}//; s/\[PAPER LIST HERE\]/{{papers}}/' >"$out/topics.txt"
