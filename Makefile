# kaohe: branch-assessment spreadsheets to PDF.  See README.md.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DOCDIR  ?= $(PREFIX)/share/doc/kaohe
UNITDIR ?= $(PREFIX)/lib/systemd/system
BUILD   ?= build
CC      ?= cc

# Debian packages kaohe needs to build, test and run (make deps).
DEB_PKGS = build-essential pkg-config libhpdf-dev libcsv-dev libinih-dev \
	libfontconfig-dev libharfbuzz-dev libunibreak-dev libcmocka-dev \
	fonts-arphic-uming fonts-arphic-ukai fonts-wqy-microhei fonts-wqy-zenhei \
	fonts-hanazono poppler-utils qpdf python3 clang libclang-rt-14-dev valgrind \
	libzip-dev libexpat1-dev libxlsxwriter-dev libmicrohttpd-dev libcmark-dev \
	icc-profiles-free fonts-noto-cjk fonts-noto-cjk-extra texlive-lang-chinese \
	fonts-lxgw-wenkai python3-openpyxl python3-selenium chromium chromium-driver \
	mupdf-tools curl zlib1g-dev

PKG_LIBS = fontconfig harfbuzz harfbuzz-subset libunibreak inih libzip expat \
	xlsxwriter libmicrohttpd libcmark zlib
# Deferred (=) so that a fresh machine can run `make deps` before pkg-config
# exists; the build runs in a sub-make after it.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKG_LIBS) 2>/dev/null)
PKG_LDLIBS = $(shell pkg-config --libs $(PKG_LIBS) 2>/dev/null)

CFLAGS   ?= -O2 -g
WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wwrite-strings -Wformat=2 -Wundef -Wvla \
	-Wpointer-arith -Wcast-align -Wnull-dereference -Wdouble-promotion
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
LDLIBS = -lhpdf -lcsv $(PKG_LDLIBS) -lpthread -lm

SRCS = $(wildcard src/*.c src/*/*.c)
HDRS = $(wildcard src/*.h src/*/*.h)
OBJS = $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/templates.o $(BUILD)/serve_assets.o
LIB_OBJS = $(filter-out $(BUILD)/main.o,$(OBJS))
TEMPLATES = $(sort $(filter-out templates/handbook,$(wildcard templates/*)) \
	$(wildcard templates/handbook/*.md))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test check-build test-run asan install uninstall clean demo deps docs \
	fuzz fuzz-xlsx bench

all: $(BUILD)/kaohe

$(BUILD)/kaohe: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(BUILD)/%.o: src/%.c $(HDRS) | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/templates.c: $(TEMPLATES) src/embed.sh | $(BUILD)
	sh src/embed.sh template_get templates $(TEMPLATES) > $@

$(BUILD)/templates.o: $(BUILD)/templates.c
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

# The web server's style sheet and script, built into the program.
SERVE_ASSETS = src/serve/style.css src/serve/app.js
$(BUILD)/serve_assets.c: $(SERVE_ASSETS) src/embed.sh | $(BUILD)
	sh src/embed.sh asset_get src/serve $(SERVE_ASSETS) > $@

$(BUILD)/serve_assets.o: $(BUILD)/serve_assets.c
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) $(HDRS) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Wno-unused-parameter -Isrc -o $@ $< $(LIB_OBJS) $(LDLIBS) -lcmocka

$(BUILD):
	mkdir -p $(BUILD)

# The README's two commands.
demo: deps
	$(MAKE) all
	$(BUILD)/kaohe build samples/demo -o out
	$(BUILD)/kaohe rank samples/demo
	@echo "The outputs are in out/: report.pdf, sheets/, notice.pdf, handbooks/, results.csv, results.xlsx"

test: deps
	$(MAKE) test-run

check-build: $(BUILD)/kaohe $(UNIT_BINS)

test-run: check-build
	sh tests/run.sh $(BUILD)

asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	$(MAKE) BUILD=build-asan CC=clang CFLAGS="-O1 -g" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    test-run

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	    echo "make deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	    echo "kaohe needs these Debian packages; run as root:"; \
	    echo "  apt-get update && apt-get install -y$$missing"; exit 1; \
	fi

# The program carries templates/ and the web server's files inside it
# (src/embed.sh), so there is nothing to read from a data directory: install the
# program, the systemd unit for `kaohe serve` (pointing at this BINDIR) and,
# as documentation, the nginx site and the README.
install: $(BUILD)/kaohe
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 $(BUILD)/kaohe $(DESTDIR)$(BINDIR)/kaohe
	sed 's|/usr/local/bin/kaohe|$(BINDIR)/kaohe|' contrib/kaohe.service > $(DESTDIR)$(UNITDIR)/kaohe.service
	chmod 644 $(DESTDIR)$(UNITDIR)/kaohe.service
	install -m 644 contrib/nginx-kaohe.conf README.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kaohe $(DESTDIR)$(UNITDIR)/kaohe.service
	rm -rf $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build build-asan build-fuzz out

# Timing and memory of the main jobs on generated data (bench/README.md).
bench: all
	sh bench/run.sh $(BUILD)

# libFuzzer on ingestion and validation, for FUZZ_SECONDS (default 60).
FUZZ_SECONDS ?= 60
fuzz: deps
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g" \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined" build-fuzz/fuzz_ingest
	mkdir -p build-fuzz/corpus
	build-fuzz/fuzz_ingest -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	    build-fuzz/corpus tests/fuzz/corpus

build-fuzz/fuzz_ingest: tests/fuzz/fuzz_ingest.c $(LIB_OBJS) $(HDRS)
	$(CC) $(ALL_CFLAGS) -Wno-unused-parameter -fsanitize=fuzzer -Isrc -o $@ $< $(LIB_OBJS) $(LDLIBS)

# libFuzzer on the .xlsx reader and workbook data sets, for FUZZ_SECONDS.
fuzz-xlsx: deps
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g" \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined" build-fuzz/fuzz_xlsx
	mkdir -p build-fuzz/xlsx-corpus
	build-fuzz/fuzz_xlsx -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	    -dict=tests/fuzz/xlsx.dict build-fuzz/xlsx-corpus tests/fuzz/xlsx-corpus

build-fuzz/fuzz_xlsx: tests/fuzz/fuzz_xlsx.c $(LIB_OBJS) $(HDRS)
	$(CC) $(ALL_CFLAGS) -Wno-unused-parameter -fsanitize=fuzzer -Isrc -o $@ $< $(LIB_OBJS) $(LDLIBS)

# The pictures of README.md: pages of kaohe's own outputs on samples/demo.
docs: all
	rm -rf $(BUILD)/docs-out
	$(BUILD)/kaohe build samples/demo -o $(BUILD)/docs-out -q
	mkdir -p docs
	pdftoppm -png -r 60 -singlefile -f 1 -l 1 $(BUILD)/docs-out/report.pdf docs/report-cover
	pdftoppm -png -r 60 -singlefile -f 5 -l 5 $(BUILD)/docs-out/report.pdf docs/report-ranking
	pdftoppm -png -r 60 -singlefile $(BUILD)/docs-out/sheets/JG01-*.pdf docs/sheet
	f=$$(ls $(BUILD)/docs-out/sheets/JG03-*.pdf); \
	n=$$(pdfinfo "$$f" | sed -n 's/^Pages: *//p'); \
	pdftoppm -png -r 60 -singlefile -f $$n -l $$n "$$f" docs/sheet-vetoed
	pdftoppm -png -r 60 -singlefile -f 1 -l 1 $(BUILD)/docs-out/notice.pdf docs/notice
	p=$$(pdftotext -raw $(BUILD)/docs-out/notice.pdf - | awk 'BEGIN { RS = "\f" } /^附件\n/ { print NR; exit }'); \
	pdftoppm -png -r 60 -singlefile -f $$p -l $$p $(BUILD)/docs-out/notice.pdf docs/notice-list
	f=$$(ls $(BUILD)/docs-out/handbooks/JG01-*.pdf); \
	p=$$(pdftotext -raw "$$f" - | awk 'BEGIN { RS = "\f" } /^第五部分/ { n = NR } END { print n }'); \
	pdftoppm -png -r 85 -singlefile -f $$p -l $$p "$$f" docs/handbook-part5; \
	p=$$(pdftotext -raw "$$f" - | awk 'BEGIN { RS = "\f" } /^支部委员会会议记录/ { print NR; exit }'); \
	pdftoppm -png -r 85 -singlefile -f $$p -l $$p "$$f" docs/handbook-form
	SHOTS=$(CURDIR)/docs KAOHE=$(CURDIR)/$(BUILD)/kaohe TOP=$(CURDIR) BUILD=$(BUILD) sh tests/t_browser.sh
