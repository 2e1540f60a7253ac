# ax - a personalized daily arXiv digest from six small C tools over pipes.
# make            build bin/ax*            make check    tests, then again under ASan/UBSan
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

TOOLS    = axfetch axprompt axscore axfilter axrender axcost
PIPES    = axdaily axgroup
PKGS     = libcurl libxml-2.0 json-c libcrypto

override CFLAGS := -std=c11 -D_XOPEN_SOURCE=700 -Wall -Wextra -O2 -g $(CFLAGS)
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

# each tool links only the libraries it uses
LIBS_axfetch  = libcurl libxml-2.0 json-c
LIBS_axprompt = libcurl json-c
LIBS_axscore  = libcurl json-c libcrypto
LIBS_axfilter = libcurl json-c
LIBS_axrender = libcurl json-c libcrypto
LIBS_axcost   = libcurl json-c

UNITSRC  = $(sort $(wildcard tests/unit/*.c))
UNITBIN  = $(UNITSRC:tests/unit/%.c=$(O)/bin/test/%)

all: deps
	@$(MAKE) --no-print-directory build

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
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(LIBAX) $$$$(pkg-config --libs $$(LIBS_$(1))) -lm
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(O)/bin/test/%: tests/unit/%.c tests/unit/tap.h $(LIBAX)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBAX) $$(pkg-config --libs $(PKGS)) -lm

# axfilter's unit test (name matching, the copy-the-line check) links the tool's parts
$(O)/bin/test/test_axfilter: tests/unit/test_axfilter.c tests/unit/tap.h tools/axfilter/axfilter.h $(PARTS_axfilter) $(LIBAX)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itools/axfilter $(CFLAGS) $(LDFLAGS) -o $@ $< $(PARTS_axfilter) $(LIBAX) $$(pkg-config --libs json-c) -lm

# Build and test dependencies: installed when we can (root or sudo), else the
# exact apt-get line.  Packages: build, then what the tests run.
DEB_BUILD = build-essential pkg-config libcurl4-openssl-dev libxml2-dev libjson-c-dev libssl-dev libjs-katex
DEB_TEST  = jq python3 mandoc valgrind libxml2-utils chromium cmark-gfm python3-feedparser
deps:
	@missing=; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing build-essential"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	pkg-config --exists libcurl 2>/dev/null || missing="$$missing libcurl4-openssl-dev"; \
	pkg-config --exists libxml-2.0 2>/dev/null || missing="$$missing libxml2-dev"; \
	pkg-config --exists json-c 2>/dev/null || missing="$$missing libjson-c-dev"; \
	pkg-config --exists libcrypto 2>/dev/null || missing="$$missing libssl-dev"; \
	command -v jq >/dev/null 2>&1 || missing="$$missing jq"; \
	test -f /usr/share/javascript/katex/katex.min.js || missing="$$missing libjs-katex"; \
	$(call install_missing)

test-deps: deps
	@missing=; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	command -v mandoc >/dev/null 2>&1 || missing="$$missing mandoc"; \
	command -v valgrind >/dev/null 2>&1 || missing="$$missing valgrind"; \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	command -v prove >/dev/null 2>&1 || missing="$$missing perl"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v cmark-gfm >/dev/null 2>&1 || missing="$$missing cmark-gfm"; \
	python3 -c 'import feedparser' 2>/dev/null || missing="$$missing python3-feedparser"; \
	$(call install_missing)

define install_missing
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

memcheck: build
	AXBIN=$(CURDIR)/bin sh tests/memcheck.sh

lint:
	mandoc -Tlint -Wwarning man/man*/*.[0-9]

bench: build
	sh tests/bench.sh

demo: all
	sh pipelines/demo

install: build
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	for p in $(PIPES); do [ ! -f pipelines/$$p ] || install -m 755 pipelines/$$p $(DESTDIR)$(BINDIR)/; done
	for s in 1 5 7; do for f in man/man$$s/*.$$s; do [ ! -f "$$f" ] || \
		install -m 644 $$f $(DESTDIR)$(MANDIR)/man$$s/; done; done
	for f in examples/*; do [ ! -f "$$f" ] || install -m 644 $$f $(DESTDIR)$(DATADIR)/; done
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

.PHONY: FORCE all build deps test-deps check check-san memcheck lint bench demo install uninstall clean

# unit tests that include a tool's part
$(O)/bin/test/test_axscore: tools/axscore/answer.c tools/axscore/axscore.h
$(O)/bin/test/test_render: tools/axrender/fmt.c tools/axrender/tex.c tools/axrender/axrender.h

# the local model's unit test links the model's part of axscore
$(O)/bin/test/test_rank: tests/unit/test_rank.c tests/unit/tap.h tools/axscore/rank.h $(O)/obj/tools/axscore/rank.o $(LIBAX)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itools/axscore $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/obj/tools/axscore/rank.o $(LIBAX) $$(pkg-config --libs json-c) -lm

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
