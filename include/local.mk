# include/local.mk — the public headers installed under $(includedir)/ginet.
ginetinclude_HEADERS += \
	%reldir%/ginet/ginet.h \
	%reldir%/ginet/defs.h \
	%reldir%/ginet/error.h \
	%reldir%/ginet/address.h \
	%reldir%/ginet/term.h \
	%reldir%/ginet/packet.h \
	%reldir%/ginet/options.h \
	%reldir%/ginet/backend.h \
	%reldir%/ginet/loader.h \
	%reldir%/ginet/socket.h \
	%reldir%/ginet/udp.h \
	%reldir%/ginet/mailbox.h \
	%reldir%/ginet/resolver.h \
	%reldir%/ginet/inspect.h \
	%reldir%/ginet/defaults.h \
	%reldir%/ginet/ifaddrs.h
EXTRA_DIST += %reldir%/ginet/version.h.in
