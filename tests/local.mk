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
tests_unit_test_packet_SOURCES = %reldir%/unit/test_packet.c %reldir%/unit/test_packet_framer.c
tests_unit_test_packet_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_packet_LDADD = $(GINET_UNIT_LDADD)
GINET_CHECK_BINS += tests/unit/test-packet

GINET_CHECK_BINS += tests/unit/test-error tests/unit/test-address tests/unit/test-term
GINET_CHECK_SHELL += %reldir%/conformance/check-vectors.sh
EXTRA_DIST += %reldir%/run-tests.sh %reldir%/conformance/check-vectors.sh
