# backends/local.mk — the I/O backends: one libtool module each, installed
# in $(pkglibdir)/backends and found at run time by core/backend_loader.c
# (GINET_BACKEND_PATH=$(abs_top_builddir)/backends for the build tree).
# A module exports only ginet_backend_entry; the OS facts it shares with
# other backends come from platform/ (a convenience library compiled into
# each module), and it may call libginet's public API.
include $(srcdir)/platform/local.mk

backendsdir = $(pkglibdir)/backends
backends_LTLIBRARIES =
GINET_BACKEND_LDFLAGS = -module -avoid-version -no-undefined \
	-export-symbols-regex '^ginet_backend_entry$$'

if GINET_OS_LINUX
backends_LTLIBRARIES += backends/epoll.la
backends_epoll_la_SOURCES = \
	%reldir%/epoll/epoll.h \
	%reldir%/epoll/epoll.c \
	%reldir%/epoll/epoll_sock.c \
	%reldir%/epoll/epoll_io.c \
	%reldir%/epoll/epoll_options.c \
	%reldir%/epoll/epoll_watch.c
backends_epoll_la_CFLAGS = $(AM_CFLAGS) $(GINET_VISIBILITY_CFLAGS)
backends_epoll_la_LDFLAGS = $(GINET_BACKEND_LDFLAGS)
backends_epoll_la_LIBADD = platform/libginet_platform.la libginet.la
endif

# The portable poll(2) backend (OTP socket-NIF style): POSIX calls only,
# built on every POSIX system; Linux-only options through platform/linux/.
backends_LTLIBRARIES += backends/socket.la
backends_socket_la_SOURCES = \
	%reldir%/socket/socket.h \
	%reldir%/socket/socket.c \
	%reldir%/socket/socket_sock.c \
	%reldir%/socket/socket_io.c \
	%reldir%/socket/socket_options.c \
	%reldir%/socket/socket_watch.c
backends_socket_la_CFLAGS = $(AM_CFLAGS) $(GINET_VISIBILITY_CFLAGS)
backends_socket_la_LDFLAGS = $(GINET_BACKEND_LDFLAGS)
backends_socket_la_LIBADD = platform/libginet_platform.la libginet.la

# The io_uring backend (Linux, where liburing is installed): completions
# through the ring, recv/send tried inline first.
if GINET_OS_LINUX
if HAVE_LIBURING
backends_LTLIBRARIES += backends/uring.la
backends_uring_la_SOURCES = \
	%reldir%/uring/uring.h \
	%reldir%/uring/uring.c \
	%reldir%/uring/uring_sock.c \
	%reldir%/uring/uring_io.c \
	%reldir%/uring/uring_options.c \
	%reldir%/uring/uring_watch.c
backends_uring_la_CFLAGS = $(AM_CFLAGS) $(GINET_VISIBILITY_CFLAGS) $(LIBURING_CFLAGS)
backends_uring_la_LDFLAGS = $(GINET_BACKEND_LDFLAGS)
backends_uring_la_LIBADD = platform/libginet_platform.la libginet.la $(LIBURING_LIBS)
endif
endif
