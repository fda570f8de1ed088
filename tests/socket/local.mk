# tests/socket/local.mk — the TCP socket suite: one CUnit program whose
# suites are registered once per backend that loads here ("tcp[epoll]",
# "tcp_io[epoll]", ...; see tcp_main.c).  make check runs it with
# GINET_BACKEND_PATH pointing at the build tree's backends.

check_PROGRAMS += tests/socket/test-tcp
tests_socket_test_tcp_SOURCES = \
	%reldir%/tcp_test.h \
	%reldir%/tcp_main.c \
	%reldir%/tcp_util.c \
	%reldir%/tcp_connect.c \
	%reldir%/tcp_io.c \
	%reldir%/tcp_framing.h \
	%reldir%/tcp_framing.c \
	%reldir%/tcp_framing_gen.c \
	%reldir%/tcp_options.c \
	%reldir%/tcp_close.c \
	%reldir%/tcp_flow.c \
	%reldir%/tcp_concurrency.c \
	%reldir%/tcp_active.h \
	%reldir%/tcp_active_util.c \
	%reldir%/tcp_active.c \
	%reldir%/tcp_active_close.c \
	%reldir%/tcp_active_http.c \
	%reldir%/tcp_owner.c \
	%reldir%/tcp_owner_move.c \
	%reldir%/tcp_flowctl.c \
	%reldir%/netns_fixture.h \
	%reldir%/netns_fixture.c \
	%reldir%/tcp_netns.c \
	%reldir%/tcp_inspect.c \
	%reldir%/tcp_monitor.c \
	%reldir%/tcp_defaults.c \
	%reldir%/tcp_local.c \
	%reldir%/udp_test.h \
	%reldir%/udp_basic.c \
	%reldir%/udp_active.c \
	%reldir%/udp_multicast.c \
	%reldir%/udp_burst.c
tests_socket_test_tcp_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_socket_test_tcp_LDADD = $(GINET_UNIT_LDADD)
GINET_CHECK_BINS += tests/socket/test-tcp
