# SPDX-License-Identifier: GPL-2.0
# The checksum arithmetic the datapath still uses (mod/csum_adj.c), built
# unchanged.
TESTS += test_csum_adj

test_csum_adj: test_csum_adj.c $(TOP)/mod/csum_adj.c $(TOP)/mod/csum_adj.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_csum_adj.c $(TOP)/mod/csum_adj.c $(LDFLAGS)
