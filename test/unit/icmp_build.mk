# SPDX-License-Identifier: GPL-2.0
# ICMP error translation and origination as bytes (mod/icmp_build.c), built
# unchanged with the pure code it calls.
TESTS += test_icmp_build

ICMP_BUILD_SRC := $(TOP)/mod/icmp_build.c $(TOP)/mod/icmp_map.c \
	$(TOP)/mod/xlat_hdr.c $(TOP)/mod/csum_adj.c

test_icmp_build: test_icmp_build.c $(ICMP_BUILD_SRC) $(TOP)/mod/icmp_build.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_icmp_build.c $(ICMP_BUILD_SRC) $(LDFLAGS)
