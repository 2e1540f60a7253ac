# ax - a personalized daily arXiv digest from six small C tools over pipes.
# make            build bin/ax*            make check    tests, then again under ASan/UBSan
# make deps       install the Debian packages to build and run (root or sudo)
# make test-deps  and those the tests need    make mutate   the mutation spot-check
# make demo       the whole pipeline offline into ./demo/
# make bench      benchmarks (ratios against a reference in the same run)
# make install    PREFIX=/usr/local DESTDIR=   make lint    mandoc -Tlint

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share/ax
KATEX    ?= /usr/share/javascript/katex
CC       ?= cc
O        ?= .
SAN      ?=
WERROR   ?=

TOOLS    = axfetch axprompt axscore axfilter axrender axcost
PIPES    = axdaily axgroup axdeliver axtrain
PKGS     = libcurl libxml-2.0 json-c libcrypto

override CFLAGS := -std=c11 -D_XOPEN_SOURCE=700 -Wall -Wextra -O2 -g $(CFLAGS)
# WERROR=1 (CI): any warning fails the build
ifneq ($(WERROR),)
override CFLAGS += -Werror
endif
ifneq ($(SAN),)
override CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -O1
override LDFLAGS += -fsanitize=address,undefined
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
override CPPFLAGS += -Ilib $(PKG_CFLAGS)

LIBSRC   = $(sort $(wildcard lib/*.c))
LIBOBJ   = $(LIBSRC:lib/%.c=$(O)/obj/lib/%.o)
LIBAX    = $(O)/obj/libax.a
BINS     = $(TOOLS:%=$(O)/bin/%)

# each tool links only the libraries it uses: libcurl only where it fetches
# (lib/http.c is the one object that calls curl; libax.a gives a tool only the
# objects it references); tests/tools.t checks the binaries with ldd
LIBS_axfetch  = libcurl libxml-2.0 json-c
LIBS_axprompt = json-c
LIBS_axscore  = libcurl json-c libcrypto
LIBS_axfilter = json-c
LIBS_axrender = json-c libcrypto
LIBS_axcost   = json-c
# libraries without a pkg-config file (Snowball's libstemmer: the local model)
LDLIBS_axscore = -lstemmer

UNITSRC  = $(sort $(wildcard tests/unit/*.c))
UNITBIN  = $(UNITSRC:tests/unit/%.c=$(O)/bin/test/%)

all: build

build: $(BINS) $(UNITBIN)

$(O)/obj/lib/%.o: lib/%.c lib/ax.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# a tool's parts see their own folder's headers
$(O)/obj/tools/%.o: tools/%.c lib/ax.h $(wildcard tools/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -I$(dir $<) $(CFLAGS) -c -o $@ $<

# the tools find their installed data files (prices.txt, holidays.txt) in DATADIR
$(O)/obj/lib/datafile.o: override CPPFLAGS += -DAX_DATADIR=\"$(DATADIR)\"
# rebuilt when DATADIR changes (make install PREFIX=... after a plain make)
$(O)/obj/lib/datafile.o: $(O)/obj/datadir.stamp
$(O)/obj/datadir.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
FORCE:

$(LIBAX): $(LIBOBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

# a tool is tools/axNAME.c alone, or a folder tools/axNAME/ of parts whose
# axNAME.c holds main; PARTS_axNAME are the other parts (for tests that link them)
define tool_rule
SRC_$(1) = $(wildcard tools/$(1).c) $(sort $(wildcard tools/$(1)/*.c))
PARTS_$(1) = $(patsubst tools/%.c,$(O)/obj/tools/%.o,$(filter-out tools/$(1)/$(1).c,$(wildcard tools/$(1)/*.c)))
$(O)/bin/$(1): $$(patsubst tools/%.c,$(O)/obj/tools/%.o,$$(SRC_$(1))) $(LIBAX)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(LIBAX) $$$$(pkg-config --libs $$(LIBS_$(1))) $$(LDLIBS_$(1)) -lm
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(O)/bin/test/%: tests/unit/%.c tests/unit/tap.h $(LIBAX)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBAX) $$(pkg-config --libs $(PKGS)) -lm

# axfilter's unit test (name matching, the copy-the-line check) links the tool's parts
$(O)/bin/test/test_axfilter: tests/unit/test_axfilter.c tests/unit/tap.h tools/axfilter/axfilter.h $(PARTS_axfilter) $(LIBAX)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itools/axfilter $(CFLAGS) $(LDFLAGS) -o $@ $< $(PARTS_axfilter) $(LIBAX) $$(pkg-config --libs json-c) -lm

# Build, run and test dependencies: `make deps` and `make test-deps` install
# the missing ones (root, or sudo without a password), else print the exact
# apt-get line; no other target runs apt-get.  .ci/run installs the same lists.
DEB_BUILD = build-essential pkg-config libcurl4-openssl-dev libxml2-dev libjson-c-dev \
	libssl-dev libstemmer-dev
DEB_RUN   = jq curl libjs-katex
DEB_TEST  = python3 python3-aiosmtpd python3-feedparser mandoc valgrind libxml2-utils \
	chromium perl clang openssl cmark-gfm
deps:
	@pkgs="$(DEB_BUILD) $(DEB_RUN)"; $(install_missing)

test-deps:
	@pkgs="$(DEB_BUILD) $(DEB_RUN) $(DEB_TEST)"; $(install_missing)

# the packages of $$pkgs that dpkg does not list as installed
define install_missing
	if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "ax: not a Debian system; install the equivalents of: $$pkgs" >&2; exit 0; fi; \
	missing=; for p in $$pkgs; do \
		dpkg-query -W -f='$${db:Status-Abbrev}' $$p 2>/dev/null | grep -q '^ii' || \
			missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=; \
		elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=sudo; \
		else echo "ax: missing Debian packages; run as root:" >&2; \
			echo "  apt-get update && apt-get install -y$$missing" >&2; exit 2; fi; \
		echo "ax: installing$$missing" >&2; \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq$$missing >&2 || exit 2; \
	fi
endef

# the package lists, for tests/tools.t (they must equal .ci/run's)
print-deps:
	@echo $(DEB_BUILD) $(DEB_RUN) $(DEB_TEST)

PROVE = prove -f --timer

check: test-deps
	@$(MAKE) --no-print-directory build
	@echo "== test suite"
	AXBIN=$(CURDIR)/bin $(PROVE) tests/*.t
	@$(MAKE) --no-print-directory check-san

# the same suite with the tools built with AddressSanitizer and UBSan; any report fails it
check-san:
	@$(MAKE) --no-print-directory build O=build/san SAN=1
	@echo "== test suite under -fsanitize=address,undefined"
	@rm -rf build/san/reports && mkdir -p build/san/reports
	AXBIN=$(CURDIR)/build/san/bin AX_SAN=1 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:log_path=$(CURDIR)/build/san/reports/asan \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(CURDIR)/build/san/reports/ubsan \
	$(PROVE) tests/*.t
	@if ls build/san/reports/* >/dev/null 2>&1; then \
		echo "sanitizer reports:"; cat build/san/reports/*; exit 1; fi
	@echo "sanitizers: no reports"

# the mutation spot-check: twelve behaviours broken one at a time in a copy, each caught
mutate:
	sh tests/mutate.sh

memcheck: build
	AXBIN=$(CURDIR)/bin sh tests/memcheck.sh

lint:
	mandoc -Tlint -Wwarning man/man*/*.[0-9]

bench: build
	sh tests/bench.sh

demo: deps
	@$(MAKE) --no-print-directory build
	sh pipelines/demo

install: build
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	# the scripts find their sibling tools and jq programs where they are installed
	for p in $(PIPES); do \
		sed -e "s|@BINDIR@|$(BINDIR)|g" -e "s|@DATADIR@|$(DATADIR)|g" pipelines/$$p >$(DESTDIR)$(BINDIR)/$$p && \
		chmod 755 $(DESTDIR)$(BINDIR)/$$p || exit 1; done
	install -m 644 pipelines/*.jq $(DESTDIR)$(DATADIR)/
	for s in 1 5 7; do for f in man/man$$s/*.$$s; do [ ! -f "$$f" ] || \
		install -m 644 $$f $(DESTDIR)$(MANDIR)/man$$s/; done; done
	# demo.conf runs on the source tree's tests/data (make demo): not installed
	for f in examples/*; do [ ! -f "$$f" ] || [ "$$f" = examples/demo.conf ] || \
		install -m 644 $$f $(DESTDIR)$(DATADIR)/; done
	# the cron line and the systemd unit call the program where it was installed
	for f in axdaily.cron axdaily.service; do \
		sed "s|/usr/local/bin/|$(BINDIR)/|g" examples/$$f >$(DESTDIR)$(DATADIR)/$$f || exit 1; done
	# KaTeX (Debian's libjs-katex, fonts included) for the math of axrender --site
	mkdir -p $(DESTDIR)$(DATADIR)/katex/fonts
	cp -L $(KATEX)/katex.min.js $(KATEX)/katex.min.css $(DESTDIR)$(DATADIR)/katex/
	cp -L $(KATEX)/fonts/KaTeX_* $(DESTDIR)$(DATADIR)/katex/fonts/

uninstall:
	for t in $(TOOLS) $(PIPES); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for s in 1 5 7; do for f in man/man$$s/*.$$s; do [ ! -f "$$f" ] || \
		rm -f $(DESTDIR)$(MANDIR)/man$$s/$${f##*/}; done; done
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf bin obj build demo

.SECONDARY:

.PHONY: FORCE all build deps test-deps print-deps mutate check check-san memcheck lint bench demo install uninstall clean

# unit tests that include a tool's part
$(O)/bin/test/test_axscore: tools/axscore/answer.c tools/axscore/axscore.h
$(O)/bin/test/test_render: tools/axrender/fmt.c tools/axrender/tex.c tools/axrender/axrender.h
$(O)/bin/test/test_axfetch: tools/axfetch/parse.c tools/axfetch/axfetch.h

# the local model's unit test links the model's part of axscore
$(O)/bin/test/test_rank: tests/unit/test_rank.c tests/unit/tap.h tools/axscore/rank.h $(O)/obj/tools/axscore/rank.o $(LIBAX)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itools/axscore $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/obj/tools/axscore/rank.o $(LIBAX) $$(pkg-config --libs json-c) -lstemmer -lm

# the scheduler's unit test links its pure part
$(O)/bin/test/test_sched: tests/unit/test_sched.c tests/unit/tap.h tools/axscore/axscore.h $(O)/obj/tools/axscore/sched.o $(LIBAX)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itools/axscore $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/obj/tools/axscore/sched.o $(LIBAX) $$(pkg-config --libs json-c) -lm

# ---------------------------------------------------------------------------
# Fuzzing (tests/fuzz): libFuzzer harnesses fuzz_NAME.c, built with clang and
# ASan/UBSan into build/fuzz/.  `make fuzz` runs each for FUZZ_SECONDS;
# `make fuzz FUZZ="jsonl calendar"` picks harnesses.  A harness may #include a
# tool's own source (tools/axNAME-*.c) to reach its static parser.
FUZZCC       ?= clang
FUZZ_SECONDS ?= 60
FUZZSRC       = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZBIN       = $(FUZZSRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ         ?= $(FUZZSRC:tests/fuzz/fuzz_%.c=%)
FUZZFLAGS     = -std=c11 -D_XOPEN_SOURCE=700 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIBSRC) lib/ax.h $(wildcard tools/*.c tools/*/*.c tools/*/*.h)
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZFLAGS) -Ilib -Itools/axscore -Itools/axfetch -Itools/axrender $(PKG_CFLAGS) -o $@ $< $(LIBSRC) \
		$$(pkg-config --libs $(PKGS)) -lm

fuzz-build: $(FUZZBIN)

fuzz: fuzz-build
	@for f in $(FUZZ); do sh tests/fuzz/run.sh $$f $(FUZZ_SECONDS) || exit 1; done

.PHONY: fuzz fuzz-build
