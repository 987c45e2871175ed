# SPDX-License-Identifier: GPL-2.0
# Checksum arithmetic for translation (mod/csum_adj.c), built unchanged.
TESTS += test_csum_adj

test_csum_adj: test_csum_adj.c $(TOP)/mod/csum_adj.c $(TOP)/mod/csum_adj.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_csum_adj.c $(TOP)/mod/csum_adj.c $(LDFLAGS)
