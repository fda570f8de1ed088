# tests/resolver/local.mk — the resolver against a real DNS server: one
# CUnit program that starts dnsmasq (Debian's dnsmasq-base, installed by
# ./quickstart) on a free loopback port with a zone it writes, and fails
# if dnsmasq is missing.  Included from tests/local.mk.

check_PROGRAMS += tests/resolver/test-resolver
tests_resolver_test_resolver_SOURCES = \
	tests/resolver/resolver_test.h \
	tests/resolver/resolver_main.c \
	tests/resolver/resolver_lookup.c \
	tests/resolver/resolver_cache.c \
	tests/resolver/resolver_rc.c
tests_resolver_test_resolver_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_resolver_test_resolver_LDADD = $(GINET_UNIT_LDADD)
GINET_CHECK_BINS += tests/resolver/test-resolver

# `ginet resolve`, `reverse` and `rc` against their own dnsmasq.
GINET_CHECK_SHELL += tests/cli/test-cli-resolver.sh
EXTRA_DIST += tests/cli/test-cli-resolver.sh
