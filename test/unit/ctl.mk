# SPDX-License-Identifier: GPL-2.0
# nat64ctl (usr/), linked whole but for main():
# - test_ctl_parse: its parsers, its printer and the errors of its command
#   line; never opens a socket, as every command run there fails parsing;
# - test_ctl_nl: end to end against a scripted kernel: the fakes in
#   ctl_fake.c replace libnl's socket I/O, so no module is needed;
# - test_ctl_monitor: nat64ctl monitor against the same fakes, its
#   datagrams written by the test into a socket pair;
# - test_ctl_apply: configuration files (apply, -batch) and save against
#   the same fakes, one of them a kernel that keeps what apply sets.
TESTS += test_ctl_parse test_ctl_nl test_ctl_monitor test_ctl_apply

CTL_SRCS := $(sort $(wildcard $(TOP)/usr/*.c))
CTL_HDRS := $(wildcard $(TOP)/usr/*.h) $(TOP)/include/nat64.h ctl_test.h
CTL_CFLAGS := -I$(TOP)/usr $(shell pkg-config --cflags libnl-genl-3.0) \
	      -DNAT64CTL_NO_MAIN
CTL_LIBS := $(shell pkg-config --libs libnl-genl-3.0)

test_ctl_nl test_ctl_monitor test_ctl_apply: ctl_fake.c ctl_fake.h

test_ctl_%: test_ctl_%.c ctl_test.c $(CTL_SRCS) $(CTL_HDRS)
	$(CC) $(CFLAGS) $(CTL_CFLAGS) -o $@ $(filter %.c,$^) $(LDFLAGS) \
		$(CTL_LIBS)
