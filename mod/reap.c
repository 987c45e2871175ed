// SPDX-License-Identifier: GPL-2.0
/*
 * Freeing what the packet path may still be reading.  An unlinked BIB
 * entry or session joins its protocol's free list, a lock-free llist, so
 * unlinks on different stripes share no lock; one work item per protocol
 * takes the whole list, waits for one grace period and frees it.  So
 * neither object carries an rcu_head of its own (16 bytes each, a tenth of
 * a flow's memory), and a burst of expiries costs one grace period, not
 * one callback per object.
 *
 * The lists are threaded through words no reader uses once the object is
 * unlinked: a session's bib_node.pprev, and for a BIB entry the same word
 * of the session it holds, which heads its list and never had a pprev.
 * An entry's own session is freed with it.
 */
#include <linux/sched.h>

#include "state_table.h"
#include "bib.h"
#include "session.h"
#include "reap.h"

static void free_sessions(struct llist_node *n)
{
	struct nat64_session *s, *tmp;

	llist_for_each_entry_safe(s, tmp, n, free_node) {
		nat64_session_free(s);
		cond_resched();
	}
}

static void free_bibs(struct llist_node *n)
{
	struct nat64_bib *b, *tmp;

	llist_for_each_entry_safe(b, tmp, n, first.free_node) {
		nat64_bib_free(b);
		cond_resched();
	}
}

/*
 * Everything on the lists now was unlinked before this point, so one grace
 * period covers it all.  What is added meanwhile queues the work again:
 * llist_add() tells its caller it found the list empty.  Sessions go
 * first: freeing one never looks at its entry.
 */
static void reap_work(struct work_struct *work)
{
	struct nat64_ptable *pt = container_of(work, struct nat64_ptable,
					       reap);
	struct llist_node *s = llist_del_all(&pt->dead_sess);
	struct llist_node *b = llist_del_all(&pt->dead_bib);

	if (!s && !b)
		return;
	synchronize_rcu();
	free_sessions(s);
	free_bibs(b);
}

void nat64_reap_init(struct nat64_ptable *pt)
{
	init_llist_head(&pt->dead_sess);
	init_llist_head(&pt->dead_bib);
	INIT_WORK(&pt->reap, reap_work);
}

/* @s is out of every table and list, and not its entry's own. */
void nat64_reap_session(struct nat64_ptable *pt, struct nat64_session *s)
{
	if (llist_add(&s->free_node, &pt->dead_sess))
		queue_work(system_unbound_wq, &pt->reap);
}

/* @bib is out of bib6 and bib4. */
void nat64_reap_bib(struct nat64_ptable *pt, struct nat64_bib *bib)
{
	if (llist_add(&bib->first.free_node, &pt->dead_bib))
		queue_work(system_unbound_wq, &pt->reap);
}

/*
 * Instance teardown, once nothing can unlink any more: waits until every
 * batch is freed.  Every add queued the work before this flush began.
 */
void nat64_reap_drain(struct nat64_ptable *pt)
{
	flush_work(&pt->reap);
	WARN_ON_ONCE(!llist_empty(&pt->dead_sess) ||
		     !llist_empty(&pt->dead_bib));
}
