# SPDX-License-Identifier: GPL-2.0
# RFC 7915 ICMP translation logic (mod/icmp_map.c), built unchanged.
TESTS += test_icmp_map

test_icmp_map: test_icmp_map.c $(TOP)/mod/icmp_map.c $(TOP)/mod/icmp_map.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_icmp_map.c $(TOP)/mod/icmp_map.c $(LDFLAGS)
