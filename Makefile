# msd-kiosk and msd-reminderd.
#
# Two builds share this file: the normal one in build/ and the test build
# in build/asan/ (AddressSanitizer + UndefinedBehaviorSanitizer), which
# `make test` uses for the unit tests and for the integration tests that
# drive the real binaries.  Sources are found by wildcard, so adding a .c
# file to lib/, a folder of kiosk/ or reminder-daemon/ needs no edit here.
# The compiler writes each object's header dependencies (-MMD -MP) beside
# it, so that touching a header rebuilds only what includes it.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc

# Every Debian package the build, the tests and the demo need.  `make deps`
# installs those that are missing and does nothing when all are there.
DEB_BUILD = build-essential pkg-config libsdl2-dev libsdl2-ttf-dev \
	libqrencode-dev libcurl4-openssl-dev libsqlite3-dev libcairo2-dev \
	libcsv-dev libsodium-dev libpng-dev zlib1g-dev libmicrohttpd-dev libssl-dev tzdata fonts-sil-andika fonts-dejavu-core \
	fonts-font-awesome libharfbuzz-bin woff2 espeak-ng libespeak-ng-dev \
	libopus-dev libopusenc-dev libopusfile-dev libfribidi-dev fonts-noto-core \
	libharfbuzz-dev
DEB_TEST  = libcmocka-dev python3 sqlite3 zbar-tools poppler-utils xvfb \
	xauth xdotool kannel cups cups-client cups-bsd openssl procps strace mandoc time \
	sox nginx-light cage grim xwayland nodejs chromium \
	tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng tesseract-ocr-ara \
	tesseract-ocr-ukr \
	xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils x11-utils
# Installed when the command is missing rather than when the package is:
# a nodejs from elsewhere (NodeSource) brings its own npm and conflicts
# with Debian's package npm.
DEB_TEST_CMD = npm
DEB_BENCH = chromium hyperfine time
DEB_ALL   = $(DEB_BUILD) $(DEB_TEST)

PKGS_LIB    = sqlite3
PKGS_DAEMON = sqlite3 libcurl libmicrohttpd libcrypto
PKGS_KIOSK  = sdl2 SDL2_ttf libqrencode cairo libpng zlib sqlite3 libcurl libsodium \
	espeak-ng opus libopusenc opusfile fribidi harfbuzz

pc_cflags = $(shell pkg-config --cflags $(1) 2>/dev/null)
pc_libs   = $(shell pkg-config --libs $(1) 2>/dev/null)

WARN     = -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
BASEFLAGS = $(WARN) -D_GNU_SOURCE -Ilib -Ikiosk -MMD -MP \
	$(call pc_cflags,$(PKGS_KIOSK) $(PKGS_DAEMON))
CFLAGS_REL  = $(BASEFLAGS) -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
CFLAGS_ASAN = $(BASEFLAGS) -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS_ASAN = -fsanitize=address,undefined

LIBS_DAEMON = $(call pc_libs,$(PKGS_DAEMON)) -lcsv -lm
# Not libcurl, cairo or espeak-ng: the kiosk loads each at its first use
# (lib/lazylib.h; kiosk/jobs/curl_lazy.c, kiosk/sheet/cairo_lazy.c,
# kiosk/content/espeak_lazy.c), 34 libraries that the kiosk's screen and
# its screenshot never need.  The tests link them the same way (libcurl
# comes back with the daemon's packages).
PKGS_LAZY   = libcurl cairo espeak-ng
LIBS_KIOSK  = $(call pc_libs,$(filter-out $(PKGS_LAZY),$(PKGS_KIOSK))) -lcsv -lm -lpthread
LIBS_TEST   = $(call pc_libs,cmocka $(filter-out $(PKGS_LAZY),$(PKGS_KIOSK)) \
	$(PKGS_DAEMON)) -lcsv -lm -lpthread

LIB_SRC    = $(wildcard lib/*.c)
DAEMON_SRC = $(filter-out reminder-daemon/main.c,$(wildcard reminder-daemon/*.c))
KIOSK_SRC  = $(filter-out kiosk/app/main.c,$(wildcard kiosk/*/*.c))
UNIT_SRC   = $(wildcard tests/unit/test_*.c)
SCHEMA_SQL = $(sort $(wildcard schema/reminders/*.sql))
GEN_SRC    = $(BUILD)/gen/schema_reminders.c $(BUILD)/gen/schema_content.c \
	$(BUILD)/gen/schema_content_audio.c

# $(call objs,DIR,SOURCES)
objs = $(patsubst %.c,$(1)/obj/%.o,$(2))

# BUILD=dir puts everything elsewhere (two builds side by side).
BUILD ?= build
REL  = $(BUILD)
ASAN = $(BUILD)/asan

.PHONY: languages-all all deps deps-bench run test bench soak install clean portal-axe
# Keep the objects of the unit tests: make would delete them as
# intermediate files and rebuild them every time.
.SECONDARY:
all: $(REL)/msd-reminderd $(REL)/msd-kiosk

# ---------------------------------------------------------------- deps
deps:
	@missing=""; for p in $(DEB_ALL); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	for c in $(DEB_TEST_CMD); do \
	  command -v $$c >/dev/null 2>&1 || missing="$$missing $$c"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing:$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

deps-bench: deps
	@missing=""; for p in $(DEB_BENCH); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

# ---------------------------------------------------------------- generated
# SQL files become C strings, so that the binaries carry their schema and
# migrate a database without needing the source tree.
$(BUILD)/gen/schema_reminders.c: $(SCHEMA_SQL) tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh reminders_migrations $(SCHEMA_SQL) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema_content.c: schema/content.sql tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh content_schema schema/content.sql > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema_content_audio.c: schema/content_audio.sql tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh content_audio_schema schema/content_audio.sql > $@.tmp && mv $@.tmp $@

# ---------------------------------------------------------------- objects
# V=1 shows the whole command lines.
Q = $(if $(V),,@)
$(REL)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(V),,echo "CC      $<")
	$(Q)$(CC) $(CFLAGS_REL) -c $< -o $@

$(ASAN)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(V),,echo "CC asan $<")
	$(Q)$(CC) $(CFLAGS_ASAN) -c $< -o $@

# $(1)=build dir
define archives
$(1)/liblib.a: $(call objs,$(1),$(LIB_SRC) $(GEN_SRC))
	@rm -f $$@; ar rcs $$@ $$^
$(1)/libreminderd.a: $(call objs,$(1),$(DAEMON_SRC))
	@rm -f $$@; ar rcs $$@ $$^
$(1)/libkiosk.a: $(call objs,$(1),$(KIOSK_SRC))
	@rm -f $$@; ar rcs $$@ $$^
endef
$(eval $(call archives,$(REL)))
$(eval $(call archives,$(ASAN)))

$(REL)/msd-reminderd: $(REL)/obj/reminder-daemon/main.o $(REL)/libreminderd.a $(REL)/liblib.a
	$(CC) -o $@ $^ $(LIBS_DAEMON)
# curl_lazy.o by name: lib/http.o (in liblib.a, after libkiosk.a) is what
# calls curl_*, and the linker would not go back to libkiosk.a for it.
$(REL)/msd-kiosk: $(REL)/obj/kiosk/app/main.o $(REL)/obj/kiosk/jobs/curl_lazy.o $(REL)/libkiosk.a $(REL)/liblib.a
	$(CC) -o $@ $^ $(LIBS_KIOSK)

$(ASAN)/msd-reminderd: $(ASAN)/obj/reminder-daemon/main.o $(ASAN)/libreminderd.a $(ASAN)/liblib.a
	$(CC) $(LDFLAGS_ASAN) -o $@ $^ $(LIBS_DAEMON)
$(ASAN)/msd-kiosk: $(ASAN)/obj/kiosk/app/main.o $(ASAN)/obj/kiosk/jobs/curl_lazy.o $(ASAN)/libkiosk.a $(ASAN)/liblib.a
	$(CC) $(LDFLAGS_ASAN) -o $@ $^ $(LIBS_KIOSK)

# Unit tests reach into both programs' headers.
$(ASAN)/obj/tests/%.o: CFLAGS_ASAN += -Ireminder-daemon

UNIT_BIN = $(patsubst tests/unit/%.c,$(ASAN)/tests/%,$(UNIT_SRC))
$(ASAN)/tests/%: $(ASAN)/obj/tests/unit/%.o $(ASAN)/libreminderd.a $(ASAN)/libkiosk.a $(ASAN)/liblib.a
	@mkdir -p $(@D)
	@echo "LD      $@"; $(CC) $(LDFLAGS_ASAN) -o $@ $^ $(LIBS_TEST)

# ---------------------------------------------------------------- use
# The demo: a fresh demo database, the demo appointments, the daemon with
# the file gateway at a fixed date, then the kiosk on the demo pack.
run: deps all
	@sh tools/demo.sh $(REL)

test: deps
	@$(MAKE) --no-print-directory -j2 $(ASAN)/msd-reminderd $(ASAN)/msd-kiosk $(UNIT_BIN) $(FUZZ_REPLAY) $(REL)/msd-reminderd $(REL)/msd-kiosk
	@sh tests/run.sh $(ASAN) $(UNIT_BIN)

# axe-core on every page of the portal (make test checks one MSD's pages
# and every MSD's home).
portal-axe: deps
	@$(MAKE) --no-print-directory -j2 $(ASAN)/msd-kiosk
	@PORTAL_AXE=all TESTS=portal_axe sh tests/run.sh $(ASAN)

# Every offer page in every language at the three sizes (make test takes
# one offer per theme: the offer pages share one layout).
languages-all: deps
	@$(MAKE) --no-print-directory -j2 $(ASAN)/msd-kiosk
	@LANG_ALL_OFFERS=1 TESTS=kiosk_languages sh tests/run.sh $(ASAN)

bench: deps-bench all $(REL)/bench/empty_pages
	@for b in bench/*; do [ -x "$$b" ] && [ -f "$$b" ] && "$$b" $(REL); done; true

# bench/sheet's reference: cairo alone writing as many empty A4 pages as
# the sheet has, built with the flags the kiosk is built with.
$(REL)/bench/empty_pages: bench/empty_pages.c
	@mkdir -p $(@D)
	@$(if $(V),,echo "CC      $<")
	$(Q)$(CC) $(CFLAGS_REL) -o $@ $< $(call pc_libs,cairo)

# The long soak (tests/soak/run.sh): 10,000 actions of a scripted visitor
# at the kiosk, 100,000 reminders through the daemon; tens of minutes.
# Figures printed and kept in $(REL)/soak.txt; `make test` runs a short one.
soak: deps all
	@{ sh tests/soak/run.sh $(REL); echo $$? >$(REL)/soak.rc; } 2>&1 | tee $(REL)/soak.txt; \
	exit $$(cat $(REL)/soak.rc)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/msd-kiosk
	install -m 0755 $(REL)/msd-reminderd $(REL)/msd-kiosk $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 assets/content/pictos.csv $(DESTDIR)$(PREFIX)/share/msd-kiosk/
	install -d $(DESTDIR)$(PREFIX)/share/doc/msd-kiosk/examples
	install -m 0644 dist/*.ini dist/*.service $(DESTDIR)$(PREFIX)/share/doc/msd-kiosk/examples/
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/msd-kiosk/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0644 docs/man/msd-kiosk.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 docs/man/msd-reminderd.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -m 0644 docs/operations.md docs/statistics-server.md $(DESTDIR)$(PREFIX)/share/doc/msd-kiosk/

clean:
	rm -rf $(BUILD)

# ================================================================ fuzz
# Owned by tests/fuzz (see tests/fuzz/README.md).  One libFuzzer harness
# per parser, tests/fuzz/fuzz_NAME.c, checking properties of what it
# parses (round trips, ranges, idempotence), not only "no crash".
#   make fuzz FUZZ_S=60    each harness FUZZ_S seconds, clang's libFuzzer
#                          with ASan and UBSan (installs clang if missing)
#   make fuzz-long         each until FUZZ_RUNS (10 million) executions
#   make fuzz FUZZ="csv phone"   only those harnesses
# New inputs go to $(BUILD)/fuzz/corpus/NAME, crashers to
# $(BUILD)/fuzz/artifacts/NAME/; the committed corpus is only read.
# `make test` builds the same harnesses with $(CC) and a plain main()
# (tests/fuzz/replay_main.c) and replays every committed corpus file
# through every harness (tests/integration/fuzz_replay.sh).
FUZZ_S      ?= 60
FUZZ_RUNS   ?= 10000000
FUZZ_CC     ?= clang
FUZZ_SRC     = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES   = $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
FUZZ        ?= $(FUZZ_NAMES)
FUZZB        = $(BUILD)/fuzz
DEB_FUZZ     = clang libclang-rt-14-dev
# Not -Werror: clang warns about other things than gcc, and the gate is
# the gcc build.  fuzzer-no-link instruments; only harnesses get main().
CFLAGS_FUZZ  = $(filter-out -Werror,$(BASEFLAGS)) -Ireminder-daemon \
	-O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
LDFLAGS_FUZZ = -fsanitize=fuzzer,address,undefined
LIBS_FUZZ    = $(call pc_libs,$(PKGS_KIOSK) $(PKGS_DAEMON)) -lcsv -lm -lpthread
FUZZ_BIN     = $(patsubst %,$(FUZZB)/fuzz_%,$(FUZZ_NAMES))
FUZZ_REPLAY  = $(patsubst %,$(ASAN)/fuzz/replay_%,$(FUZZ_NAMES))

.PHONY: fuzz fuzz-long fuzz-deps fuzz-build
fuzz-deps:
	@missing=""; for p in $(DEB_FUZZ); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make fuzz: installing:$$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

$(FUZZB)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(V),,echo "CC fuzz $<")
	$(Q)$(FUZZ_CC) $(CFLAGS_FUZZ) -c $< -o $@

$(eval $(call archives,$(FUZZB)))

$(FUZZB)/fuzz_%: $(FUZZB)/obj/tests/fuzz/fuzz_%.o $(FUZZB)/libreminderd.a $(FUZZB)/libkiosk.a $(FUZZB)/liblib.a
	@echo "LD fuzz $@"; $(FUZZ_CC) $(LDFLAGS_FUZZ) -o $@ $^ $(LIBS_FUZZ)

fuzz-build: deps fuzz-deps
	@$(MAKE) --no-print-directory -j2 $(patsubst %,$(FUZZB)/fuzz_%,$(FUZZ))

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZB) -max_total_time=$(FUZZ_S) -- $(FUZZ)

fuzz-long: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZB) -runs=$(FUZZ_RUNS) -- $(FUZZ)

# The replay build: gcc, ASan + UBSan, like the unit tests.
$(ASAN)/fuzz/replay_%: $(ASAN)/obj/tests/fuzz/fuzz_%.o $(ASAN)/obj/tests/fuzz/replay_main.o $(ASAN)/libreminderd.a $(ASAN)/libkiosk.a $(ASAN)/liblib.a
	@mkdir -p $(@D)
	@echo "LD      $@"; $(CC) $(LDFLAGS_ASAN) -o $@ $^ $(LIBS_FUZZ)
# ============================================================ end fuzz

# The header dependencies written by -MMD (none before the first build).
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
