# tools/local.mk — the `ginet` command-line program.
bin_PROGRAMS += tools/ginet
tools_ginet_SOURCES = \
	%reldir%/ginet.c \
	%reldir%/cli.h \
	%reldir%/cmd_address.c \
	%reldir%/cmd_error.c \
	%reldir%/cmd_demo.c \
	%reldir%/cmd_packet.c \
	%reldir%/cmd_backends.c \
	%reldir%/cmd_echo.c \
	%reldir%/cmd_echo_active.c \
	%reldir%/cmd_echo_client.c \
	%reldir%/cli_local.c \
	%reldir%/cmd_ifaddrs.c \
	%reldir%/cli_pretty.c \
	%reldir%/cmd_resolve.c \
	%reldir%/cmd_rc.c \
	%reldir%/cmd_udp.c
tools_ginet_LDADD = libginet.la
