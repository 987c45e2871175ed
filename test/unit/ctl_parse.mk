# SPDX-License-Identifier: GPL-2.0
# nat64ctl (usr/): its parsers, its printer and the errors of its command
# line.  Links the whole tool (less main()) but never opens a socket: every
# command run here fails its parsing first.
TESTS += test_ctl_parse

# Shared with ctl_nl.mk; whichever fragment is read first defines them.
ifndef CTL_SRCS
CTL_SRCS := $(sort $(wildcard $(TOP)/usr/*.c))
CTL_HDRS := $(wildcard $(TOP)/usr/*.h) $(TOP)/include/nat64.h ctl_test.h
CTL_CFLAGS := -I$(TOP)/usr $(shell pkg-config --cflags libnl-genl-3.0) \
	      -DNAT64CTL_NO_MAIN
CTL_LIBS := $(shell pkg-config --libs libnl-genl-3.0)
endif

test_ctl_parse: test_ctl_parse.c ctl_test.c $(CTL_SRCS) $(CTL_HDRS)
	$(CC) $(CFLAGS) $(CTL_CFLAGS) -o $@ test_ctl_parse.c ctl_test.c \
		$(CTL_SRCS) $(LDFLAGS) $(CTL_LIBS)
