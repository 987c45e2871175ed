/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BIB as it is at one time, for nat64ctl monitor bib (held.c): at its
 * start and after lost events, so that the mapping log can say who held
 * a public address and port across the gap.
 */
#ifndef NAT64CTL_HELD_H
#define NAT64CTL_HELD_H

#include <stddef.h>
#include <stdint.h>

#include "bib.h"

/* A datagram of the listening socket, kept while a snapshot is made. */
struct datagram {
	void *buf;
	size_t len;
};

/*
 * Every BIB entry of every protocol, dumped into *@out (*@n of them,
 * malloc()ed).  No instance (yet) is an empty BIB.  0, or -1 after
 * saying why.
 */
int held_dump(struct bib_entry **out, size_t *n);

/*
 * Prints a "bib-snapshot" note at @s0, then a "bib-held" line, at @s0,
 * for each entry held then: the @n entries of @dump, a dump begun after
 * @s0, corrected by the BIB events of @q[0..@nq), the datagrams the
 * listener got by the dump's end (each of the nat64 family @family or
 * the controller's).  0, or -1 if the output could not be written.
 */
int held_print(uint64_t s0, const struct bib_entry *dump, size_t n,
	       const struct datagram *q, size_t nq, uint16_t family);

#endif /* NAT64CTL_HELD_H */
