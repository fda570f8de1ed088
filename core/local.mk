# core/local.mk — libginet: the frontend sources.
lib_LTLIBRARIES += libginet.la

libginet_la_CPPFLAGS = $(AM_CPPFLAGS) -DGINET_BUILDING_LIBRARY
libginet_la_CFLAGS   = $(AM_CFLAGS) $(GINET_VISIBILITY_CFLAGS) $(APR_CFLAGS) $(CARES_CFLAGS)
libginet_la_LIBADD   = $(APR_LIBS) $(CARES_LIBS)
libginet_la_LDFLAGS  = -version-info $(GINET_LT_VERSION) -no-undefined
if HAVE_VERSION_SCRIPT
libginet_la_LDFLAGS += -Wl,--version-script=$(srcdir)/libginet.map
endif
EXTRA_libginet_la_DEPENDENCIES = $(srcdir)/libginet.map

libginet_la_SOURCES = \
	%reldir%/version.c \
	%reldir%/runtime.c %reldir%/runtime.h \
	%reldir%/last_error.c %reldir%/last_error.h \
	%reldir%/error.c \
	platform/posix/errno_map.c \
	platform/posix/errno_map.h \
	%reldir%/address.c \
	%reldir%/address_parse.c \
	%reldir%/address_format.c \
	%reldir%/arena.c %reldir%/arena.h \
	%reldir%/term_internal.h %reldir%/term_chars.c \
	%reldir%/term_lex.c %reldir%/term_lex.h %reldir%/term_parse.c \
	%reldir%/term_print.c %reldir%/term_build.c

# The framing engine (decode_packet), one file per family of packet types.
libginet_la_SOURCES += \
	%reldir%/packet/packet_internal.h \
	%reldir%/packet/decode.c \
	%reldir%/packet/length.c \
	%reldir%/packet/line.c \
	%reldir%/packet/http.c \
	%reldir%/packet/http_uri.c \
	%reldir%/packet/http_tables.c \
	%reldir%/packet/framer.c \
	%reldir%/packet/packet_term.c

# Socket options: the table, values, lists, text, printing, OTP's rules.
libginet_la_SOURCES += \
	%reldir%/options_internal.h \
	%reldir%/options_table.c \
	%reldir%/options_value.c \
	%reldir%/options_list.c \
	%reldir%/options_parse.c \
	%reldir%/options_request.c \
	%reldir%/options_print.c \
	%reldir%/options_state.c

# The backend loader (include/ginet/loader.h): finds backend modules in
# GINET_BACKEND_PATH, then where `make install` puts them.
libginet_la_SOURCES += \
	%reldir%/backend_loader.c %reldir%/backend_loader.h \
	%reldir%/backend_list.c
libginet_la_CPPFLAGS += -DGINET_BACKENDS_DIR='"$(pkglibdir)/backends"'

# Sockets: loops, the socket object, gen_tcp's calls, messages.
libginet_la_SOURCES += \
	%reldir%/sync.h \
	%reldir%/loop.c %reldir%/loop.h \
	%reldir%/socket_internal.h \
	%reldir%/socket.c \
	%reldir%/sock_opts.c \
	%reldir%/sock_addr.c \
	%reldir%/sock_recv.c \
	%reldir%/sock_send.c \
	%reldir%/tcp_connect.c \
	%reldir%/tcp_listen.c \
	%reldir%/msg.c %reldir%/msg.h

# Owners and active mode: mailboxes, delivery, {active,N}, callback owners.
libginet_la_SOURCES += \
	%reldir%/mailbox.c %reldir%/mailbox_internal.h \
	%reldir%/active.c \
	platform/posix/notify_fd.c platform/posix/notify_fd.h
