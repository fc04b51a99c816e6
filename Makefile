# inkpipe: see README.md. `make run` sets up and runs the pipeline on the
# fixtures, `make check` runs every test (also under ASan/UBSan).
.SUFFIXES:

PREFIX   = /usr/local
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man/man1
DATADIR  = $(PREFIX)/share/inkpipe
CC       = cc
CFLAGS   = -O2 -g
WARN     = -std=c11 -D_GNU_SOURCE -DDATADIR='"$(DATADIR)"' -Wall -Wextra -Wno-unused-parameter -Wshadow -Wformat=2
# SANITIZE=1 builds into build/san with AddressSanitizer and UBSan
SANITIZE =
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

# Debian packages the build and the tools need (`make deps`, for `make run`
# and `make install`): the libraries, Tesseract's Chinese and orientation models, gnuplot and
# its CJK font for charts, GNU parallel and flock for ink-batch, man.
DEBS = gcc make pkg-config libc6-dev \
	libtesseract-dev tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd libleptonica-dev \
	libpcre2-dev libcsv-dev libutf8proc-dev libxml2-dev \
	libpoppler-glib-dev libcairo2-dev \
	gnuplot-nox parallel util-linux fonts-noto-cjk fontconfig \
	man-db groff-base
# what only the tests, benchmarks and fuzzers need (`make test-deps`, which
# `make check` calls): renderers and scorers in Python, LibreOffice for the
# spreadsheet test, sshd for the multi-host test, clang for the fuzzers,
# headless Chromium to open the review page
TESTDEBS = python3 python3-pil python3-numpy libxml2-utils bc time \
	clang-14 libfuzzer-14-dev nodejs \
	libreoffice-calc-nogui openssh-server openssh-client chromium

# pkg-config modules and extra libraries of each tool (libcsv has no .pc)
PC_ink-reflow  = libutf8proc libxml-2.0
PC_ink-extract = libpcre2-8 libutf8proc
PC_ink-ocr     = tesseract lept poppler-glib cairo libxml-2.0
PC_ink-stats   =
PC_ink-review  = lept libxml-2.0
LIBS_ink-stats = -lm
LIBS_ink-ocr   = -lpthread -lm

TOOLSRC = $(wildcard tools/ink-*.c)
TOOLS   = $(TOOLSRC:tools/%.c=%)
# lib/ holds what every tool shares; lib/STAGE/ (ocr, reflow, extract) each
# stage's logic. One archive: a tool links only the objects it references.
LIBSRC  = $(wildcard lib/*.c lib/*/*.c)
LIBHDR  = $(wildcard lib/*.h lib/*/*.h)
LIBPC   = libpcre2-8 libutf8proc tesseract lept libxml-2.0

ifeq ($(SANITIZE),)
B        = build/plain
BINOUT   = bin
XFLAGS   =
else
B        = build/san
BINOUT   = build/san/bin
XFLAGS   = $(SANFLAGS)
endif

LIBOBJ = $(LIBSRC:lib/%.c=$(B)/lib/%.o)
BINS   = $(TOOLS:%=$(BINOUT)/%)

all: $(BINS)

$(B)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) $(XFLAGS) -Ilib $$(pkg-config --cflags $(LIBPC)) -c -o $@ $<

$(B)/libink.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

# DATADIR is compiled in (where ink-extract finds its rules): a different
# PREFIX at install time must rebuild, not install a binary that looks elsewhere
$(B)/datadir: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

$(BINOUT)/%: tools/%.c $(B)/libink.a $(LIBHDR) $(B)/datadir
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) $(XFLAGS) -Ilib $(if $(PC_$*),$$(pkg-config --cflags $(PC_$*))) \
		-o $@ $< $(B)/libink.a $(if $(PC_$*),$$(pkg-config --libs $(PC_$*))) -lcsv $(LIBS_$*)

san:
	$(MAKE) SANITIZE=1 all

# installs whichever of PKGS are missing (apt-get; sudo when not root)
deps:
	@$(MAKE) --no-print-directory install-debs PKGS="$(DEBS)"

test-deps: deps
	@$(MAKE) --no-print-directory install-debs PKGS="$(TESTDEBS)"

install-debs:
	@missing=$$(for p in $(PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing missing Debian packages:" $$missing; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# the pipeline over the bundled fixtures, products in output/: the texts,
# and the bundled scans (fixtures/issues/) through ink-ocr in output/scans/
run: deps
	$(MAKE) all
	./tests/run-fixtures output

# the pipeline over a folder: make batch DIR=scans OUT=out [JOBS=n]
batch: all
	@if [ -z "$(DIR)" ] || [ -z "$(OUT)" ]; then \
		echo "usage: make batch DIR=indir OUT=outdir [JOBS=n]" >&2; exit 2; fi
	./tools/ink-batch $(if $(JOBS),-j $(JOBS)) "$(DIR)" "$(OUT)"

# every test: golden cases and scripts, against the sanitized build
check: test-deps
	$(MAKE) all
	$(MAKE) SANITIZE=1 all
	INKBIN=$(CURDIR)/build/san/bin ./tests/run

check-plain: all
	INKBIN=$(CURDIR)/bin ./tests/run

bench: test-deps all
	./tests/bench

# libFuzzer harnesses (fuzz/), each run FUZZTIME seconds in turn, niced;
# fuzz-campaign runs each to FUZZRUNS executions (fuzz/campaign);
# HARNESSES="rules extract" picks some of them
FUZZTIME = 60
FUZZRUNS = 10000000
FUZZPICK = $(if $(HARNESSES),HARNESSES='$(HARNESSES)')
fuzz: test-deps
	nice -n 19 $(MAKE) -C fuzz run FUZZTIME=$(FUZZTIME) $(FUZZPICK)

fuzz-campaign: test-deps
	nice -n 19 $(MAKE) -C fuzz campaign FUZZRUNS=$(FUZZRUNS) $(FUZZPICK)

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR)/rules
	cp -f $(BINS) $(DESTDIR)$(BINDIR)/
	cp -f tools/ink-batch $(DESTDIR)$(BINDIR)/
	cp -f tools/*.1 $(DESTDIR)$(MANDIR)/
	cp -f rules/* $(DESTDIR)$(DATADIR)/rules/ 2>/dev/null || true

uninstall:
	for t in $(TOOLS) ink-batch; do rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/$$t.1; done
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build bin

FORCE:

.PHONY: all san deps test-deps install-debs run batch check check-plain bench fuzz fuzz-campaign install uninstall clean
