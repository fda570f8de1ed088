# include/local.mk — the public headers installed under $(includedir)/ginet.
ginetinclude_HEADERS += \
	%reldir%/ginet/ginet.h \
	%reldir%/ginet/defs.h \
	%reldir%/ginet/error.h \
	%reldir%/ginet/address.h \
	%reldir%/ginet/term.h \
	%reldir%/ginet/packet.h
EXTRA_DIST += %reldir%/ginet/version.h.in
