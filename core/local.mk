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
	%reldir%/error.c \
	%reldir%/address.c \
	%reldir%/term.c
