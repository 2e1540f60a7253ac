#!/bin/sh
# The build: each tool links only the libraries it uses, make installs nothing
# by itself, CI installs the Makefile's packages and runs the README's test
# command, headers have include guards, msg/vmsg/die are checked as printf.
. "$(dirname "$0")/lib.sh"
cd "$top" || exit 1

# libcurl only where it fetches, libxml2 only in axfetch, libcrypto in axscore
# (the requests' hashes) and axrender (the SHA-256 of its page's style, for the CSP)
libs() { ldd "$AXBIN/$1" | grep -Eo 'lib(curl|xml2|crypto|json-c)\.so' | sort -u | tr '\n' ' '; }
for t in axprompt axfilter axcost; do
	check "$t links json-c and no libcurl, libxml2 or libcrypto" "test \"\$(libs $t)\" = 'libjson-c.so '"
done
check 'axrender links json-c and libcrypto, no libcurl or libxml2' "test \"\$(libs axrender)\" = 'libcrypto.so libjson-c.so '"
check 'axfetch links libcurl and libxml2' "libs axfetch | grep -q 'libcurl.so libjson-c.so libxml2.so'"
check 'axscore links libcurl and libcrypto, not libxml2' "libs axscore | grep -q 'libcrypto.so libcurl.so libjson-c.so' && ! libs axscore | grep -q xml2"

check 'make and make build run no apt-get' \
	"make -n all build >$tmp/n.out 2>&1 && test -s $tmp/n.out && ! grep -q apt-get $tmp/n.out"
check 'make demo and make check install what is missing first, through deps and test-deps' \
	"make -n demo | grep -c 'dpkg-query' | grep -qx 1 && make -n check | grep -c 'dpkg-query' | grep -qx 1"
check 'make deps and make test-deps are what runs apt-get' \
	"make -n deps test-deps | grep -c apt-get | grep -qx 2"
check '.ci/run installs exactly the packages of make deps and make test-deps' "
	make -s print-deps | tr ' ' '\n' | sort >$tmp/mk &&
	awk '/apt-get install/ { on = 1 } on { print; if (!/\\\\\$/) on = 0 }' .ci/run |
	    tr -d '\\\\' | tr ' \t' '\n\n' | grep -v -e '^apt-get' -e '^install' -e '^-y' -e '^\$' |
	    sort >$tmp/ci &&
	test -s $tmp/mk && diff $tmp/mk $tmp/ci"
check ".ci/run runs the README's test command, WERROR=1 in the environment" "
	cmd=\$(sed -n 4p README.md | sed 's/^ *//; s/ *#.*//') &&
	test \"\$(tail -n 1 .ci/run)\" = \"\$cmd\" && grep -qx 'export WERROR=1' .ci/run"
check 'WERROR=1 adds -Werror' "make -n -B obj/lib/die.o WERROR=1 | grep -q -- '-Werror'"

check 'nothing reads outside the tree: no path to the folder beside it but as a source in SOURCES.md' \
	"exits 1 grep -rnI -e '\.\./share[d]' -e '/work/share[d]' --exclude=SOURCES.md --exclude=build.t --exclude-dir=.git \
	    --exclude-dir=bin --exclude-dir=obj --exclude-dir=build --exclude-dir=demo ."
check 'the README points inside the tree only' \
	"exits 1 grep -n '](\.\./\|\`\.\./' README.md"

check 'every header has an include guard' '
	for h in lib/*.h tools/*.h tools/*/*.h tests/unit/*.h tests/fuzz/*.h; do
		[ -f "$h" ] || continue
		g=$(sed -n "s/^#ifndef \([A-Z0-9_]*_H\)$/\1/p" "$h" | head -1)
		[ -n "$g" ] && grep -qx "#define $g" "$h" && tail -n 1 "$h" | grep -q "^#endif" ||
		    { echo "$h: no include guard"; exit 1; }
	done'

# a wrong argument to msg, vmsg or die is a compile error under -Werror
for f in 'msg("%d", "x")' 'die(1, "%s", 1)' 'msg("%s %s", "x")'; do
	check "printf format checked: $f" "
		printf '#include \"ax.h\"\nvoid f(void) { $f; }\n' >$tmp/fmt.c &&
		cc -std=c11 -Ilib \$(pkg-config --cflags json-c) -Wall -fsyntax-only $tmp/fmt.c 2>$tmp/fmt.err;
		grep -q 'Wformat' $tmp/fmt.err"
done
done_testing
