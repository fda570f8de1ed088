# platform/local.mk — OS facts shared by the backends of an OS, built as a
# convenience library that each backend module links in (backends cannot
# see libginet's hidden internals).  platform/posix/errno_map.c is
# libginet's own (core/local.mk).
noinst_LTLIBRARIES += platform/libginet_platform.la
platform_libginet_platform_la_SOURCES = \
	%reldir%/posix/sockaddr.h %reldir%/posix/sockaddr.c \
	%reldir%/posix/fdutil.h %reldir%/posix/fdutil.c \
	%reldir%/posix/sockio.h %reldir%/posix/sockio.c \
	%reldir%/posix/sockopen.h %reldir%/posix/sockopen.c \
	%reldir%/posix/msgio.h %reldir%/posix/msgio.c \
	%reldir%/posix/closing.h %reldir%/posix/closing.c
if GINET_OS_LINUX
platform_libginet_platform_la_SOURCES += \
	%reldir%/linux/sockopt.h %reldir%/linux/sockopt.c \
	%reldir%/linux/netns.h %reldir%/linux/netns.c \
	%reldir%/linux/options.h %reldir%/linux/options.c
endif
platform_libginet_platform_la_CFLAGS = $(AM_CFLAGS) $(GINET_VISIBILITY_CFLAGS)
