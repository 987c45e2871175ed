# SPDX-License-Identifier: GPL-2.0
# nat64ctl (usr/), linked whole but for main():
# - test_ctl_parse: its parsers, its printer and the errors of its command
#   line; never opens a socket, as every command run there fails parsing;
# - test_ctl_nl: end to end against a scripted kernel: the fakes in
#   test_ctl_nl.c replace libnl's socket I/O, so no module is needed.
TESTS += test_ctl_parse test_ctl_nl

CTL_SRCS := $(sort $(wildcard $(TOP)/usr/*.c))
CTL_HDRS := $(wildcard $(TOP)/usr/*.h) $(TOP)/include/nat64.h ctl_test.h
CTL_CFLAGS := -I$(TOP)/usr $(shell pkg-config --cflags libnl-genl-3.0) \
	      -DNAT64CTL_NO_MAIN
CTL_LIBS := $(shell pkg-config --libs libnl-genl-3.0)

test_ctl_%: test_ctl_%.c ctl_test.c $(CTL_SRCS) $(CTL_HDRS)
	$(CC) $(CFLAGS) $(CTL_CFLAGS) -o $@ $< ctl_test.c \
		$(CTL_SRCS) $(LDFLAGS) $(CTL_LIBS)
