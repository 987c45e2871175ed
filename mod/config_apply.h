/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CONFIG_APPLY (config_apply.c): a whole configuration, as genl.c parsed
 * it, checked whole and then made true all or nothing.
 */
#ifndef _NAT64_CONFIG_APPLY_H
#define _NAT64_CONFIG_APPLY_H

#include <net/netlink.h>

#include "instance.h"
#include "state_attr.h"		/* struct nat64_bib_info */

/* A static entry of the configuration, and the nest it came in. */
struct nat64_config_bib {
	struct nat64_bib_info b;
	const struct nlattr *nest;
	bool keep;		/* the running instance has it already */
	bool was_dynamic;	/* a running dynamic entry this apply made static */
};

/*
 * genl.c fills the first part; nat64_config_free() frees what any part
 * still owns.
 */
struct nat64_config {
	struct in6_addr pool6;
	u8 pool6_len;
	u8 mode;			/* enum nat64_instance_mode */
	bool check;			/* only check, change nothing */
	struct nat64_globals *g;	/* defaults with the file's keys */
	const struct nlattr *globals_nest;
	struct nat64_pool4_entry *e;	/* in the order given */
	const struct nlattr **e_nest;	/* the nest of each */
	u32 n_e;
	struct nat64_config_bib *bib;
	u32 n_bib;

	/* What nat64_config_apply() prepares. */
	struct nat64_pool4 *pool4;	/* built from @e, not published */
	struct nat64_bib_info *gone;	/* running statics not in @bib */
	u32 n_gone;
};

int nat64_config_apply(struct net *net, struct nat64_config *cfg,
		       struct netlink_ext_ack *extack);
void nat64_config_free(struct nat64_config *cfg);

#endif /* _NAT64_CONFIG_APPLY_H */
