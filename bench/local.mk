# bench/local.mk — benchmarks.  Built by `make` (so they keep compiling),
# run only on request: `make bench` runs bench/run-decode-packet.sh, which
# prints the table recorded in docs/performance.md.  Never run by
# `make check`.

noinst_PROGRAMS += bench/decode_packet
bench_decode_packet_SOURCES = \
	%reldir%/decode_packet.c \
	%reldir%/decode_packet_inputs.c \
	%reldir%/decode_packet_inputs.h
bench_decode_packet_CPPFLAGS = $(AM_CPPFLAGS) \
	-DGINET_BENCH_HEADS='"$(abs_top_srcdir)/%reldir%/http-heads.txt"'
# libhttp-parser (optional, configure's HAVE_HTTP_PARSER) is a baseline.
bench_decode_packet_LDADD = libginet.la $(HTTP_PARSER_LIBS)

bench: bench/decode_packet$(EXEEXT)
	top_srcdir="$(top_srcdir)" top_builddir="$(top_builddir)" \
	$(SHELL) $(srcdir)/%reldir%/run-decode-packet.sh

.PHONY: bench

EXTRA_DIST += \
	%reldir%/http-heads.txt \
	%reldir%/decode_packet_otp.escript \
	%reldir%/run-decode-packet.sh

# The TCP echo benchmark (docs/performance.md, "TCP echo, passive mode"):
# ginet echo-server next to ../shared/bench's peers.  Needs libuv1-dev and
# erlang-nox for the reference peers; takes about 10 minutes.
bench-echo: all
	top_srcdir="$(abs_top_srcdir)" top_builddir="$(abs_top_builddir)" \
	bash $(srcdir)/%reldir%/run-echo.sh

.PHONY: bench-echo
EXTRA_DIST += %reldir%/run-echo.sh

# Idle connections: what each costs the echo server (docs/performance.md).
noinst_PROGRAMS += bench/idle_client
bench_idle_client_SOURCES = %reldir%/idle_client.c

bench-idle: all
	top_builddir="$(abs_top_builddir)" bash $(srcdir)/%reldir%/run-idle.sh

.PHONY: bench-idle
EXTRA_DIST += %reldir%/run-idle.sh

# Resolver lookups/s against a local dnsmasq, cache off and on, next to
# getaddrinfo() (docs/performance.md, "Resolver (issue 8)").
noinst_PROGRAMS += bench/resolve
bench_resolve_SOURCES = %reldir%/resolve.c
bench_resolve_LDADD = libginet.la

bench-resolve: bench/resolve$(EXEEXT)
	GINET_BACKEND_PATH="$${GINET_BACKEND_PATH:-$(abs_top_builddir)/backends}" \
	bench/resolve$(EXEEXT)

.PHONY: bench-resolve
