# SPDX-License-Identifier: GPL-2.0
# nat64ctl (usr/) end to end against a scripted kernel: the fakes in
# test_ctl_nl.c replace libnl's socket I/O, so no module (and no netlink
# socket) is needed.
TESTS += test_ctl_nl

# Shared with ctl_parse.mk; whichever fragment is read first defines them.
ifndef CTL_SRCS
CTL_SRCS := $(sort $(wildcard $(TOP)/usr/*.c))
CTL_HDRS := $(wildcard $(TOP)/usr/*.h) $(TOP)/include/nat64.h ctl_test.h
CTL_CFLAGS := -I$(TOP)/usr $(shell pkg-config --cflags libnl-genl-3.0) \
	      -DNAT64CTL_NO_MAIN
CTL_LIBS := $(shell pkg-config --libs libnl-genl-3.0)
endif

test_ctl_nl: test_ctl_nl.c ctl_test.c $(CTL_SRCS) $(CTL_HDRS)
	$(CC) $(CFLAGS) $(CTL_CFLAGS) -o $@ test_ctl_nl.c ctl_test.c \
		$(CTL_SRCS) $(LDFLAGS) $(CTL_LIBS)
