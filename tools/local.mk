# tools/local.mk — the `ginet` command-line program.
bin_PROGRAMS += tools/ginet
tools_ginet_SOURCES = \
	%reldir%/ginet.c \
	%reldir%/cli.h
tools_ginet_LDADD = libginet.la
