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
	%reldir%/packet/packet_internal.h %reldir%/packet/scan.h \
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
	%reldir%/timer.c %reldir%/timer.h \
	%reldir%/socket_internal.h \
	%reldir%/socket.c \
	%reldir%/sock_opts.c \
	%reldir%/sock_addr.c \
	%reldir%/local_addr.c %reldir%/local_addr.h \
	%reldir%/sock_recv.c \
	%reldir%/sock_send.c \
	%reldir%/outchunk.c \
	%reldir%/tcp_connect.c \
	%reldir%/tcp_listen.c \
	%reldir%/udp_internal.h \
	%reldir%/udp_open.c \
	%reldir%/udp_io.c \
	%reldir%/udp_active.c \
	%reldir%/msg.c %reldir%/msg.h

# Owners and active mode: mailboxes, delivery, {active,N}, callback owners.
libginet_la_SOURCES += \
	%reldir%/mailbox.c %reldir%/mailbox_internal.h \
	%reldir%/active.c \
	platform/posix/notify_fd.c platform/posix/notify_fd.h

# Inspection: statistics, the registry of open sockets, i() and info(),
# monitors, node-wide default options.
libginet_la_SOURCES += \
	%reldir%/inspect_internal.h \
	%reldir%/stats.c \
	%reldir%/registry.c \
	%reldir%/inspect_print.c \
	%reldir%/monitor.c \
	%reldir%/defaults.c

# Interfaces (include/ginet/ifaddrs.h): inet:getifaddrs/0,1, the OS facts
# under platform/ (getifaddrs(3); Linux adds AF_PACKET and {netns, Path}).
libginet_la_SOURCES += \
	%reldir%/ifaddrs.c %reldir%/ifaddrs_arrange.c %reldir%/ifaddrs_format.c \
	%reldir%/ifaddrs_internal.h \
	platform/posix/ifaddrs.c platform/posix/ifaddrs.h
if GINET_OS_LINUX
libginet_la_SOURCES += platform/linux/ifaddrs.c \
	platform/linux/netns.c platform/linux/netns.h
else
libginet_la_SOURCES += platform/posix/ifaddrs_os.c
endif

# The resolver (include/ginet/resolver.h): OTP's lookups and inet
# configuration, c-ares driven by the loop, the cache (docs/resolver.md).
libginet_la_SOURCES += \
	%reldir%/resolver_internal.h \
	%reldir%/resolver.c \
	%reldir%/resolver_lookup.c \
	%reldir%/resolver_ares.c \
	%reldir%/resolver_cache.c \
	%reldir%/hosts_table.c \
	%reldir%/hostent.c \
	%reldir%/inetrc.c \
	%reldir%/inetrc_parse.c \
	%reldir%/inetrc_files.c \
	%reldir%/inetrc_rc.c
