# SPDX-License-Identifier: GPL-2.0
# ICMP error translation and origination as bytes (mod/icmp_xlat.c), built
# unchanged with the pure code it calls.
TESTS += test_icmp_xlat

ICMP_XLAT_SRC := $(TOP)/mod/icmp_xlat.c $(TOP)/mod/icmp_map.c \
	$(TOP)/mod/xlat_hdr.c $(TOP)/mod/csum_adj.c

test_icmp_xlat: test_icmp_xlat.c $(ICMP_XLAT_SRC) $(TOP)/mod/icmp_xlat.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_icmp_xlat.c $(ICMP_XLAT_SRC) $(LDFLAGS)
