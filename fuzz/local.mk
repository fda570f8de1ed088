# fuzz/local.mk — the libFuzzer targets, their seed generator, and the
# bounded fuzz run that `make check` does (docs/fuzzing.md).
#
# The targets must be built with clang and -fsanitize=fuzzer, and the
# library code they exercise must carry the fuzzer's coverage
# instrumentation, which the gcc-built libginet.la does not.  So custom
# rules compile the library sources the targets need again with
# $(FUZZ_CC) into fuzz/libginet-fuzz.a, and link each target against it.
# Everything is built in the build tree.  Built by `make check` and
# `make fuzz` where configure found clang with libFuzzer (HAVE_FUZZ);
# plain `make` does not build them.

# Target NAME is fuzz/fuzz_NAME.c (with '-' as '_') -> fuzz/fuzz-NAME.
GINET_FUZZ_BINS = \
	fuzz/fuzz-packet-length$(EXEEXT) \
	fuzz/fuzz-packet-line$(EXEEXT) \
	fuzz/fuzz-packet-http$(EXEEXT) \
	fuzz/fuzz-framer$(EXEEXT) \
	fuzz/fuzz-term$(EXEEXT) \
	fuzz/fuzz-address$(EXEEXT)

# The library sources the targets reach (packet engine, term reader and
# printer, addresses), and the headers they include.
GINET_FUZZ_LIB_SRCS = \
	core/arena.c \
	core/term_chars.c core/term_lex.c core/term_parse.c \
	core/term_print.c core/term_build.c \
	core/address.c core/address_parse.c core/address_format.c \
	core/packet/decode.c core/packet/length.c core/packet/line.c \
	core/packet/http.c core/packet/http_uri.c core/packet/http_tables.c \
	core/packet/framer.c core/packet/packet_term.c
GINET_FUZZ_LIB_HDRS = $(ginetinclude_HEADERS) include/ginet/version.h \
	core/arena.h core/term_internal.h core/term_lex.h \
	core/packet/packet_internal.h core/packet/scan.h
GINET_FUZZ_HDRS = %reldir%/fuzz_input.h %reldir%/fuzz_check.h

# -O1 -g as libFuzzer advises; override with `make FUZZ_CFLAGS=...`.
FUZZ_CFLAGS = -g -O1
GINET_FUZZ_SAN = -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
GINET_FUZZ_COMPILE = $(FUZZ_CC) $(AM_CPPFLAGS) $(GINET_WARN_CFLAGS) \
	$(FUZZ_CFLAGS) $(GINET_FUZZ_SAN)

fuzz/libginet-fuzz.a: $(GINET_FUZZ_LIB_SRCS) $(GINET_FUZZ_LIB_HDRS)
	@$(MKDIR_P) fuzz/obj
	@rm -f $@ fuzz/obj/*.o
	$(AM_V_GEN)for src in $(GINET_FUZZ_LIB_SRCS); do \
	  obj=fuzz/obj/`echo "$$src" | sed -e 's|/|_|g' -e 's|\.c$$|.o|'`; \
	  $(GINET_FUZZ_COMPILE) -fsanitize=fuzzer-no-link \
	    -DGINET_BUILDING_LIBRARY -c -o "$$obj" "$(srcdir)/$$src" || exit 1; \
	done; \
	$(AR) cr $@ fuzz/obj/*.o && $(RANLIB) $@

GINET_FUZZ_LINK = $(GINET_FUZZ_COMPILE) -fsanitize=fuzzer -o $@

fuzz/fuzz-packet-length$(EXEEXT): %reldir%/fuzz_packet_length.c $(GINET_FUZZ_HDRS) fuzz/libginet-fuzz.a
	$(AM_V_CCLD)$(GINET_FUZZ_LINK) $(srcdir)/%reldir%/fuzz_packet_length.c fuzz/libginet-fuzz.a
fuzz/fuzz-packet-line$(EXEEXT): %reldir%/fuzz_packet_line.c $(GINET_FUZZ_HDRS) fuzz/libginet-fuzz.a
	$(AM_V_CCLD)$(GINET_FUZZ_LINK) $(srcdir)/%reldir%/fuzz_packet_line.c fuzz/libginet-fuzz.a
fuzz/fuzz-packet-http$(EXEEXT): %reldir%/fuzz_packet_http.c $(GINET_FUZZ_HDRS) fuzz/libginet-fuzz.a
	$(AM_V_CCLD)$(GINET_FUZZ_LINK) $(srcdir)/%reldir%/fuzz_packet_http.c fuzz/libginet-fuzz.a
fuzz/fuzz-framer$(EXEEXT): %reldir%/fuzz_framer.c $(GINET_FUZZ_HDRS) fuzz/libginet-fuzz.a
	$(AM_V_CCLD)$(GINET_FUZZ_LINK) $(srcdir)/%reldir%/fuzz_framer.c fuzz/libginet-fuzz.a
fuzz/fuzz-term$(EXEEXT): %reldir%/fuzz_term.c $(GINET_FUZZ_HDRS) fuzz/libginet-fuzz.a
	$(AM_V_CCLD)$(GINET_FUZZ_LINK) $(srcdir)/%reldir%/fuzz_term.c fuzz/libginet-fuzz.a
fuzz/fuzz-address$(EXEEXT): %reldir%/fuzz_address.c $(GINET_FUZZ_HDRS) fuzz/libginet-fuzz.a
	$(AM_V_CCLD)$(GINET_FUZZ_LINK) $(srcdir)/%reldir%/fuzz_address.c fuzz/libginet-fuzz.a

# The seed generator is an ordinary program on libginet.la.
if HAVE_FUZZ
check_PROGRAMS += fuzz/make-seeds
GINET_FUZZ_CHECK_DEPS = $(GINET_FUZZ_BINS)
else
GINET_FUZZ_CHECK_DEPS =
endif
fuzz_make_seeds_SOURCES = %reldir%/make_seeds.c %reldir%/fuzz_input.h
fuzz_make_seeds_LDADD = libginet.la

# make check: build the targets first, then the bounded run is one suite.
check-local: $(GINET_FUZZ_CHECK_DEPS)
GINET_CHECK_SHELL += %reldir%/run-bounded.sh

# `make fuzz` builds the targets and the seed generator; `make fuzz-long`
# runs each target for 10 minutes (two at a time), keeping the corpus in
# fuzz/corpus-long/ so that a later run resumes from it.
fuzz:
if HAVE_FUZZ
	@$(MAKE) $(AM_MAKEFLAGS) $(GINET_FUZZ_BINS) fuzz/make-seeds$(EXEEXT)
else
	@echo "fuzz targets need clang with libFuzzer (configure found none): apt-get install clang" >&2; exit 1
endif

fuzz-long: fuzz
	@GINET_FUZZ_SECONDS=$${GINET_FUZZ_SECONDS:-600} \
	GINET_FUZZ_WORK=$${GINET_FUZZ_WORK:-fuzz/corpus-long} GINET_FUZZ_KEEP=1 \
	GINET_CONFORMANCE_DIR="$${GINET_CONFORMANCE_DIR:-$(GINET_CONFORMANCE_DIR)}" \
	top_srcdir="$(top_srcdir)" top_builddir="$(top_builddir)" \
	$(SHELL) $(srcdir)/%reldir%/run-bounded.sh

# make clean keeps the long-run corpus (it takes long to grow);
# make distclean removes it too.
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf fuzz/obj fuzz/corpus fuzz/corpus-work
	-rm -f fuzz/libginet-fuzz.a $(GINET_FUZZ_BINS)
distclean-local: distclean-fuzz
distclean-fuzz:
	-rm -rf fuzz/corpus-long

.PHONY: fuzz fuzz-long clean-fuzz distclean-fuzz

EXTRA_DIST += \
	%reldir%/run-bounded.sh \
	%reldir%/fuzz_check.h \
	%reldir%/fuzz_packet_length.c \
	%reldir%/fuzz_packet_line.c \
	%reldir%/fuzz_packet_http.c \
	%reldir%/fuzz_framer.c \
	%reldir%/fuzz_term.c \
	%reldir%/fuzz_address.c \
	%reldir%/http.dict \
	%reldir%/term.dict \
	%reldir%/address.dict
