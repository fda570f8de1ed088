# tests/shim/local.mk — the fault-injecting shim backend (tests only; see
# tests/shim/shim.h and docs/backends.md): a libtool module built for
# `make check` and never installed, which tests/socket/test-tcp finds in
# $(abs_top_builddir)/tests/shim and runs its chosen topics on
# ("tcp_framing[shim]", ...), plus the shim's own topic "shim_faults";
# and shim_socket.la, the same over the socket backend ("...[shim_socket]").
# Included from Makefile.am after tests/socket/local.mk.

check_LTLIBRARIES += tests/shim/shim.la
tests_shim_shim_la_SOURCES = \
	%reldir%/shim.h \
	%reldir%/shim_internal.h \
	%reldir%/shim.c \
	%reldir%/shim_sock.c \
	%reldir%/shim_faults.c
tests_shim_shim_la_CFLAGS = $(AM_CFLAGS) $(GINET_VISIBILITY_CFLAGS)
tests_shim_shim_la_LDFLAGS = -module -avoid-version -no-undefined -rpath /nowhere \
	-export-symbols-regex '^(ginet_backend_entry|ginet_shim_.*)$$'
tests_shim_shim_la_LIBADD = libginet.la

# The same over the portable poll(2) backend, whatever GINET_SHIM_INNER says.
check_LTLIBRARIES += tests/shim/shim_socket.la
tests_shim_shim_socket_la_SOURCES = $(tests_shim_shim_la_SOURCES)
tests_shim_shim_socket_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-DSHIM_NAME='"shim_socket"' -DSHIM_FIXED_INNER='"socket"'
tests_shim_shim_socket_la_CFLAGS = $(tests_shim_shim_la_CFLAGS)
tests_shim_shim_socket_la_LDFLAGS = $(tests_shim_shim_la_LDFLAGS)
tests_shim_shim_socket_la_LIBADD = libginet.la

tests_socket_test_tcp_SOURCES += \
	%reldir%/shim_ctl.h \
	%reldir%/shim_ctl.c \
	%reldir%/shim_tests.c
tests_socket_test_tcp_CPPFLAGS = $(AM_CPPFLAGS) \
	-DGINET_SHIM_DIR='"$(abs_top_builddir)/tests/shim"'
