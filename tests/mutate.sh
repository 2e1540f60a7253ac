#!/bin/sh
# mutate.sh - the mutation spot-check (make mutate): in a copy of the tree,
# break one behaviour at a time with sed, rebuild, run the test file that
# covers it, and show the suite catching each.  Exit 1 if one is missed or a
# sed no longer matches.  Not part of make check: a few minutes of tests.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
w=$(mktemp -d "${TMPDIR:-/tmp}/axmutate.XXXXXX")
trap 'rm -rf "$w"' EXIT
# the tracked files as they are now (edits included), nothing built
(cd "$top" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$w" || {
	echo "mutate: cannot copy the tree" >&2; exit 2; }
make -C "$w" build >"$w/.build.log" 2>&1 || { cat "$w/.build.log" >&2; exit 2; }

# one mutant a line: FILE~SED SCRIPT~TEST FILE~the behaviour broken
cat >"$w/.mutants" <<'END'
lib/prices.c~s/p->cached = p->in;	\/\* "-"/p->cached = 0;	\/* "-"/~axcost.t~the "-" column bills cached input at 0, not the input price
lib/prices.c~s/return len - 11;/return len;/~axcost.t~a dated name (gpt-4.1-2025-04-14) is not found
lib/prices.c~s/batchapi ? 0.5 : 1.0/batchapi ? 1.0 : 1.0/~axcost.t~a batch API call is billed in full
tools/axscore/engine.c~s/st.spent += cost_usage(&u);/st.spent += cost(u.prompt, u.completion);/~axscore.t~axscore --budget bills cached input as plain input
lib/jsonl.c~s/(r < 0 || \*v < min || \*v > max)/(r < 0 || *v > max)/~hostile.t~a negative token count is counted
lib/http.c~s/status == 409 || status == 429 ||/status == 409 ||/~axscore.t~HTTP 429 is not retried
lib/die.c~s/if (fflush(fp) == EOF) {/if (0) {/; s/} else if (ferror(fp)) {/} else if (0) {/~faults.t~a write error on stdout (full disk) is not reported as one
tools/axprompt.c~s/^#define ABSTRACT_CUT	4000/#define ABSTRACT_CUT	3000/~axprompt.t~abstracts cut at 3000 characters, not 4000
tools/axfilter/axfilter.c~s/if (dedupe \&\& v->id != NULL/if (0 \&\& dedupe \&\& v->id != NULL/~axfilter.t~--dedupe keeps repeated papers
tools/axrender/md.c~s/buf_adds(b, "\\n\\n---\\n\\n");/buf_adds(b, "\\n---\\n\\n");/~axrender.t~one blank line fewer before a digest's section rule
tools/axfetch/parse.c~s/e\[-1\] == 'v' \&\& isdigit/e[-1] == 'V' \&\& isdigit/~axfetch.t~the version suffix (v2) is left on the id
tests/lib.sh~s/(set -e; eval "\$1")/(eval "$1")/~runner.t~the runner judges a check by its last line only (no set -e)
END

n=0 caught=0 bad=0
while IFS='~' read -r file script t what; do
	n=$((n + 1))
	cp "$w/$file" "$w/.orig"
	sed -e "$script" "$w/.orig" >"$w/$file"
	if cmp -s "$w/.orig" "$w/$file"; then
		res="NO MATCH"
	elif ! make -C "$w" build >"$w/.build.log" 2>&1; then
		res="NO BUILD"
	elif AXBIN=$w/bin sh "$w/tests/$t" >"$w/.test.log" 2>&1 </dev/null; then
		res="MISSED"
	else
		res="caught"
		what="$what ($(grep -c '^not ok' "$w/.test.log") failed)"
	fi
	[ "$res" = caught ] && caught=$((caught + 1)) || bad=$((bad + 1))
	printf '%2d  %-8s  %-10s %s\n' "$n" "$res" "$t" "$what"
	cp "$w/.orig" "$w/$file"
done <"$w/.mutants"
make -C "$w" build >"$w/.build.log" 2>&1

echo "mutate: $caught of $n mutants caught"
[ "$bad" -eq 0 ]
