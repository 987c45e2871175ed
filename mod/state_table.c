// SPDX-License-Identifier: GPL-2.0
/*
 * The tables of one protocol (state_table.h): their hash, the stripe locks
 * all tables share, and their making and unmaking.
 */
#include <linux/siphash.h>

#include "state_table.h"
#include "bib.h"
#include "session.h"
#include "host.h"
#include "reap.h"
#include "kunit.h"

static siphash_key_t hash_key __read_mostly;

/* The stripe locks (state_table.h), as nf_nat_locks[] for NAT. */
spinlock_t nat64_bib_locks[NAT64_BIB_LOCKS];
NAT64_KUNIT_EXPORT(nat64_bib_locks);

u32 nat64_hash(const void *data, u32 len, u32 seed)
{
	siphash_key_t k = {
		.key = { hash_key.key[0] ^ seed, hash_key.key[1] },
	};

	return siphash(data, len, &k);
}

int nat64_ptable_init(struct nat64_ptable *pt, u8 proto)
{
	int err;

	pt->proto = proto;
	pt->lock_seed = get_random_u32();
	xa_init_flags(&pt->addrs, XA_FLAGS_LOCK_BH);
	nat64_reap_init(pt);
	err = rhashtable_init(&pt->bib6, &nat64_bib6_params);
	if (err)
		return err;
	err = rhashtable_init(&pt->bib4, &nat64_bib4_params);
	if (err)
		goto err_bib6;
	err = rhashtable_init(&pt->sess, &nat64_sess_params);
	if (err)
		goto err_bib4;
	err = rhashtable_init(&pt->hosts, &nat64_host_params);
	if (err)
		goto err_sess;
	return 0;

err_sess:
	rhashtable_destroy(&pt->sess);
err_bib4:
	rhashtable_destroy(&pt->bib4);
err_bib6:
	rhashtable_destroy(&pt->bib6);
	return err;
}

/* An entry and its sessions: only its list holds them all. */
static void free_bib(void *ptr, void *arg)
{
	struct nat64_bib *bib = ptr;
	struct nat64_session *s, *n;

	for (s = nat64_bib_first_session(bib); s; s = n) {
		n = nat64_session_next(s);
		nat64_session_free(s);
	}
	nat64_bib_free(bib);
}

/*
 * Frees every entry at once: no reader, packet or dump, is left.  Every
 * entry is in both BIB tables and every linked session on its entry's
 * list: bib6 frees them all.
 */
void nat64_ptable_destroy(struct nat64_ptable *pt)
{
	nat64_reap_drain(pt);
	rhashtable_destroy(&pt->sess);
	rhashtable_destroy(&pt->bib4);
	rhashtable_free_and_destroy(&pt->bib6, free_bib, NULL);
	nat64_bib_uses_destroy(pt);
	rhashtable_free_and_destroy(&pt->hosts, nat64_host_free, NULL);
}

void __init nat64_state_table_module_init(void)
{
	unsigned int i;

	for (i = 0; i < NAT64_BIB_LOCKS; i++)
		spin_lock_init(&nat64_bib_locks[i]);
	get_random_bytes(&hash_key, sizeof(hash_key));
}
