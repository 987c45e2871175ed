// SPDX-License-Identifier: GPL-2.0
/*
 * The BIB as it is at one time, S0, for the mapping log (nat64ctl monitor
 * bib): at the log's start, and after the kernel dropped events that the
 * log could not read in time, a "bib-snapshot" line and then a
 * "bib-held" line for every entry held at S0.  A gap in the log then
 * ends there: who held (T,t) after S0 is known again.
 *
 * A dump is not an instant: entries are made and end while it runs.  So
 * monitor joins the groups first, takes S0, dumps the BIB, reads what the
 * groups sent by the dump's end, and the dump is corrected with those
 * events, one (protocol, T, t) at a time:
 *   - its first BIB event after S0 is bib-new: nobody held it at S0 (a
 *     dumped entry there is that new one);
 *   - its first BIB event after S0 is bib-end: that event's entry held it
 *     at S0, dumped or not (the dump may have passed (T,t) after it
 *     ended);
 *   - no event after S0: the dumped entry, if any, held it from S0 to the
 *     dump's end.
 * The last rule needs every entry that lives through the dump to be in
 * it.  It is: the kernel walks the BIB in (T,t) order and resumes each
 * batch from the last key it sent, not from a position, so entries made
 * or ended elsewhere in the table move nothing (mod/state_walk.c).
 * The events after S0 are printed after the snapshot, as they come.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/msg.h>

#include <nat64.h>

#include "event.h"
#include "held.h"
#include "nat64ctl.h"
#include "netlink.h"

/* A (protocol, T, t)'s first BIB event after S0. */
struct first {
	struct bib_entry e;
	enum event_bib kind;
	size_t order;		/* its place among the events */
};

struct dump {
	struct bib_entry *e;
	size_t n, size;
};

static int dumped(struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;
	struct bib_entry *e;

	if (d->n == d->size) {
		d->size = d->size ? 2 * d->size : 1024;
		e = realloc(d->e, d->size * sizeof(*e));
		if (!e) {
			ctl_error("cannot list the BIB: %s", strerror(ENOMEM));
			return -1;
		}
		d->e = e;
	}
	return bib_entry_read(nlh, &d->e[d->n++], true);
}

int held_dump(struct bib_entry **out, size_t *n)
{
	struct dump d = { 0 };
	struct nat64_ack ack;
	char buf[256];

	if (nat64_dump_ack(NAT64_CMD_BIB_GET, dumped, &d, &ack) &&
	    ack.error != -ENOENT) {
		if (ack.error)
			ctl_error("cannot list the BIB: %s",
				  nat64_ack_reason(&ack, buf, sizeof(buf)));
		free(d.e);
		return -1;
	}
	/* -ENOENT: no instance, no entry. */
	*out = d.e;
	*n = ack.error ? 0 : d.n;
	return 0;
}

static int key_cmp(const struct bib_entry *a, const struct bib_entry *b)
{
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->addr4.s_addr != b->addr4.s_addr)
		return a->addr4.s_addr < b->addr4.s_addr ? -1 : 1;
	if (a->port4 != b->port4)
		return a->port4 < b->port4 ? -1 : 1;
	return 0;
}

static int first_cmp(const void *x, const void *y)
{
	const struct first *a = x, *b = y;
	int c = key_cmp(&a->e, &b->e);

	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int key_find(const void *key, const void *x)
{
	return key_cmp(key, &((const struct first *)x)->e);
}

/*
 * The BIB events after @s0 in @q, one per (protocol, T, t), the first of
 * each, sorted by that key: *@n of them in *@out (malloc()ed; NULL if
 * none).  0, or -1 out of memory.
 */
static int firsts(uint64_t s0, const struct datagram *q, size_t nq,
		  uint16_t family, struct first **out, size_t *n)
{
	struct first *f = NULL, *g;
	size_t i, k, size = 0, order = 0;
	struct bib_entry e;
	enum event_bib kind;
	struct nlmsghdr *nlh;
	uint64_t ns;
	int rem;

	*n = 0;
	for (i = 0; i < nq; i++) {
		nlh = q[i].buf;
		rem = q[i].len;
		for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
			if (!family || nlh->nlmsg_type != family)
				continue;
			kind = event_bib_peek(nlh, &ns, &e);
			if ((kind != EVENT_BIB_NEW && kind != EVENT_BIB_END) ||
			    ns < s0)
				continue;
			if (*n == size) {
				size = size ? 2 * size : 256;
				g = realloc(f, size * sizeof(*f));
				if (!g) {
					free(f);
					return -1;
				}
				f = g;
			}
			f[(*n)++] = (struct first){ e, kind, order++ };
		}
	}
	*out = f;
	if (!f)
		return 0;
	qsort(f, *n, sizeof(*f), first_cmp);
	/* The first of each key: sorted, they lead their run. */
	for (i = 0, k = 0; i < *n; i++)
		if (!k || key_cmp(&f[k - 1].e, &f[i].e))
			f[k++] = f[i];
	*n = k;
	return 0;
}

int held_print(uint64_t s0, const struct bib_entry *dump, size_t n,
	       const struct datagram *q, size_t nq, uint16_t family)
{
	struct first *f;
	size_t nf, i;
	int ret;

	if (firsts(s0, q, nq, family, &f, &nf))
		return event_print_note(s0, "bib-snapshot-failed",
					"BIB snapshot failed: who holds what is not known until the next one (out of memory)");
	ret = event_print_note(s0, "bib-snapshot",
			       "BIB as it is: the entries held now follow, one bib-held line each");
	for (i = 0; !ret && i < n; i++)
		if (!f || !bsearch(&dump[i], f, nf, sizeof(*f), key_find))
			ret = event_print_held(s0, &dump[i]);
	for (i = 0; !ret && i < nf; i++)
		if (f[i].kind == EVENT_BIB_END)
			ret = event_print_held(s0, &f[i].e);
	free(f);
	return ret;
}
