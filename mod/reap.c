// SPDX-License-Identifier: GPL-2.0
/*
 * Freeing what the packet path may still be reading.  An unlinked BIB
 * entry or session joins its protocol's free list (under reap_lock, which
 * nests inside every other table lock and is held for a few stores); one
 * rcu_work per protocol takes the whole list, waits for a grace period and
 * frees it, then takes whatever gathered meanwhile.  So neither object
 * carries an rcu_head of its own (16 bytes each, a tenth of a flow's
 * memory), and a burst of expiries costs one grace period, not one
 * callback per object.
 *
 * The lists are threaded through words no reader uses once the object is
 * unlinked: a session's bib_node.pprev and a BIB entry's own free_next.
 */
#include <linux/sched.h>

#include "state_table.h"

static void free_batch(struct nat64_session *s, struct nat64_bib *b)
{
	while (s) {
		struct nat64_session *next = s->free_next;

		nat64_session_free(s);
		s = next;
		cond_resched();
	}
	while (b) {
		struct nat64_bib *next = b->free_next;

		nat64_bib_free(b);
		b = next;
		cond_resched();
	}
}

/*
 * Under reap_lock: unless a batch is already waiting, everything on the
 * free lists becomes the batch; its grace period starts now, after every
 * object in it was unlinked.
 */
static void reap_kick(struct nat64_ptable *pt)
{
	if (pt->reaping)
		return;
	pt->reaping = true;
	pt->reap_sess = pt->dead_sess;
	pt->reap_bib = pt->dead_bib;
	pt->dead_sess = NULL;
	pt->dead_bib = NULL;
	queue_rcu_work(system_unbound_wq, &pt->reap);
}

static void reap_work(struct work_struct *work)
{
	struct nat64_ptable *pt = container_of(to_rcu_work(work),
					       struct nat64_ptable, reap);

	free_batch(pt->reap_sess, pt->reap_bib);
	spin_lock_bh(&pt->reap_lock);
	pt->reap_sess = NULL;
	pt->reap_bib = NULL;
	pt->reaping = false;
	if (pt->dead_sess || pt->dead_bib)
		reap_kick(pt);
	spin_unlock_bh(&pt->reap_lock);
}

void nat64_reap_init(struct nat64_ptable *pt)
{
	spin_lock_init(&pt->reap_lock);
	INIT_RCU_WORK(&pt->reap, reap_work);
}

/* BH off: @s is out of every table and list. */
void nat64_reap_session(struct nat64_ptable *pt, struct nat64_session *s)
{
	spin_lock(&pt->reap_lock);
	s->free_next = pt->dead_sess;
	pt->dead_sess = s;
	reap_kick(pt);
	spin_unlock(&pt->reap_lock);
}

/* BH off: @bib is out of bib6 and bib4. */
void nat64_reap_bib(struct nat64_ptable *pt, struct nat64_bib *bib)
{
	spin_lock(&pt->reap_lock);
	bib->free_next = pt->dead_bib;
	pt->dead_bib = bib;
	reap_kick(pt);
	spin_unlock(&pt->reap_lock);
}

/*
 * Instance teardown, once nothing can unlink any more: waits until every
 * batch is freed.  A run of the work may have queued the next one, hence
 * the loop; the last flush also waits for a run that has just cleared
 * reaping to return.
 */
void nat64_reap_drain(struct nat64_ptable *pt)
{
	bool busy;

	do {
		flush_rcu_work(&pt->reap);
		spin_lock_bh(&pt->reap_lock);
		busy = pt->reaping;
		spin_unlock_bh(&pt->reap_lock);
	} while (busy);
	WARN_ON_ONCE(pt->dead_sess || pt->dead_bib);
}
