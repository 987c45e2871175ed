# SPDX-License-Identifier: GPL-2.0
# RFC 7915 IP header translation (mod/xlat_hdr.c) and the checksum
# arithmetic it and the datapath use (mod/csum_adj.c), built unchanged.
TESTS += test_xlat_hdr test_csum_adj

test_xlat_hdr: test_xlat_hdr.c $(TOP)/mod/xlat_hdr.c $(TOP)/mod/xlat_hdr.h \
		$(TOP)/mod/csum_adj.c $(TOP)/mod/csum_adj.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_xlat_hdr.c $(TOP)/mod/xlat_hdr.c \
		$(TOP)/mod/csum_adj.c $(LDFLAGS)

test_csum_adj: test_csum_adj.c $(TOP)/mod/csum_adj.c $(TOP)/mod/csum_adj.h unit.h
	$(CC) $(CFLAGS) -I$(TOP)/mod -o $@ test_csum_adj.c $(TOP)/mod/csum_adj.c $(LDFLAGS)
