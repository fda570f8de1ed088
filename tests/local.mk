# tests/local.mk — the CUnit unit suites and the conformance runner.
# Each area's unit tests are one program (tests/unit/test-AREA) linked with
# the shared harness; add it to GINET_CHECK_BINS to have make check run it.

noinst_PROGRAMS += tests/conformance/conform
tests_conformance_conform_SOURCES = \
	%reldir%/conformance/conform.c \
	%reldir%/conformance/conform.h \
	%reldir%/conformance/conform_util.c \
	%reldir%/conformance/conform_address.c \
	%reldir%/conformance/conform_error.c \
	%reldir%/conformance/conform_packet.c
tests_conformance_conform_LDADD = libginet.la

noinst_LTLIBRARIES += tests/unit/libharness.la
tests_unit_libharness_la_SOURCES = %reldir%/unit/harness.c %reldir%/unit/harness.h
tests_unit_libharness_la_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_libharness_la_LIBADD = $(CUNIT_LIBS)
GINET_UNIT_LDADD = tests/unit/libharness.la libginet.la $(CUNIT_LIBS)

check_PROGRAMS += tests/unit/test-error
tests_unit_test_error_SOURCES = %reldir%/unit/test_error.c %reldir%/unit/test_error_errno.c
tests_unit_test_error_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_error_LDADD = $(GINET_UNIT_LDADD)

check_PROGRAMS += tests/unit/test-address
tests_unit_test_address_SOURCES = %reldir%/unit/test_address.c %reldir%/unit/test_address_data.h
tests_unit_test_address_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_address_LDADD = $(GINET_UNIT_LDADD)

check_PROGRAMS += tests/unit/test-term
tests_unit_test_term_SOURCES = %reldir%/unit/test_term.c %reldir%/unit/test_term_data.h
tests_unit_test_term_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_term_LDADD = $(GINET_UNIT_LDADD)

check_PROGRAMS += tests/unit/test-packet
tests_unit_test_packet_SOURCES = %reldir%/unit/test_packet.c %reldir%/unit/test_packet_framer.c \
	%reldir%/unit/test_packet_batch.c %reldir%/unit/test_packet_gen.c %reldir%/unit/test_packet_gen.h
tests_unit_test_packet_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_packet_LDADD = $(GINET_UNIT_LDADD)
GINET_CHECK_BINS += tests/unit/test-packet

GINET_CHECK_BINS += tests/unit/test-error tests/unit/test-address tests/unit/test-term

# The backend contract, run once per backend that ginet_backends() lists.
check_PROGRAMS += tests/unit/test-backend
tests_unit_test_backend_SOURCES = %reldir%/unit/test_backend.c \
	%reldir%/unit/test_backend.h %reldir%/unit/test_backend_io.c \
	%reldir%/unit/test_backend_close.c %reldir%/unit/test_backend_opts.c \
	%reldir%/unit/test_backend_watch.c
tests_unit_test_backend_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_backend_LDADD = $(GINET_UNIT_LDADD)
GINET_CHECK_BINS += tests/unit/test-backend

# The loader, against modules that are wrong on purpose: one source
# (fake_backend.c) built as tests/backends/fake*.so.
GINET_FAKE_LDFLAGS = -module -avoid-version -no-undefined -rpath /nowhere
check_LTLIBRARIES = tests/backends/fakeok.la tests/backends/fakeabi.la \
	tests/backends/fakename.la tests/backends/fakenosym.la \
	tests/backends/fakeprobe.la
tests_backends_fakeok_la_SOURCES = %reldir%/unit/fake_backend.c
tests_backends_fakeok_la_CPPFLAGS = $(AM_CPPFLAGS) -DFAKE_TABLE_NAME='"fakeok"'
tests_backends_fakeok_la_LDFLAGS = $(GINET_FAKE_LDFLAGS)
tests_backends_fakeok_la_LIBADD = libginet.la
tests_backends_fakeabi_la_SOURCES = %reldir%/unit/fake_backend.c
tests_backends_fakeabi_la_CPPFLAGS = $(AM_CPPFLAGS) -DFAKE_TABLE_NAME='"fakeabi"' -DFAKE_ABI=999
tests_backends_fakeabi_la_LDFLAGS = $(GINET_FAKE_LDFLAGS)
tests_backends_fakeabi_la_LIBADD = libginet.la
tests_backends_fakename_la_SOURCES = %reldir%/unit/fake_backend.c
tests_backends_fakename_la_CPPFLAGS = $(AM_CPPFLAGS) -DFAKE_TABLE_NAME='"somebody"'
tests_backends_fakename_la_LDFLAGS = $(GINET_FAKE_LDFLAGS)
tests_backends_fakename_la_LIBADD = libginet.la
tests_backends_fakenosym_la_SOURCES = %reldir%/unit/fake_backend.c
tests_backends_fakenosym_la_CPPFLAGS = $(AM_CPPFLAGS) -DFAKE_TABLE_NAME='"fakenosym"' -DFAKE_NO_ENTRY
tests_backends_fakenosym_la_LDFLAGS = $(GINET_FAKE_LDFLAGS)
tests_backends_fakenosym_la_LIBADD = libginet.la
tests_backends_fakeprobe_la_SOURCES = %reldir%/unit/fake_backend.c
tests_backends_fakeprobe_la_CPPFLAGS = $(AM_CPPFLAGS) -DFAKE_TABLE_NAME='"fakeprobe"' -DFAKE_PROBE_FAILS
tests_backends_fakeprobe_la_LDFLAGS = $(GINET_FAKE_LDFLAGS)
tests_backends_fakeprobe_la_LIBADD = libginet.la

check_PROGRAMS += tests/unit/test-loader
tests_unit_test_loader_SOURCES = %reldir%/unit/test_loader.c
tests_unit_test_loader_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFAKE_BACKENDS_DIR='"$(abs_top_builddir)/tests/backends"'
tests_unit_test_loader_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_loader_LDADD = $(GINET_UNIT_LDADD)
GINET_CHECK_BINS += tests/unit/test-loader
GINET_CHECK_SHELL += %reldir%/conformance/check-vectors.sh
GINET_CHECK_SHELL += %reldir%/cli/test-cli.sh
EXTRA_DIST += %reldir%/cli/test-cli.sh %reldir%/cli/harness.sh
EXTRA_DIST += %reldir%/run-tests.sh %reldir%/conformance/check-vectors.sh

check_PROGRAMS += tests/unit/test-options
tests_unit_test_options_SOURCES = %reldir%/unit/test_options.c \
	%reldir%/unit/test_options_state.c %reldir%/unit/test_options_data.h
tests_unit_test_options_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_options_LDADD = $(GINET_UNIT_LDADD)
GINET_CHECK_BINS += tests/unit/test-options

# Interfaces: inet:getifaddrs/0,1 against OTP's texts, `ip -j addr`, a
# test-made network namespace, `erl` and the CLI.  core/ifaddrs_arrange.c
# is compiled in to feed it records no OS gives on demand.
check_PROGRAMS += tests/unit/test-ifaddrs
tests_unit_test_ifaddrs_SOURCES = %reldir%/unit/test_ifaddrs.c \
	%reldir%/unit/test_ifaddrs_ip.c %reldir%/unit/test_ifaddrs_ns.c \
	%reldir%/unit/test_ifaddrs.h core/ifaddrs_arrange.c
tests_unit_test_ifaddrs_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_ifaddrs_LDADD = $(GINET_UNIT_LDADD)
GINET_CHECK_BINS += tests/unit/test-ifaddrs

# The resolver against dnsmasq (issue 8).
include $(srcdir)/tests/resolver/local.mk
