// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl save: the running configuration as a configuration file
 * (nat64.conf(5)), so that "nat64ctl apply" of what it prints changes
 * nothing, and save prints the same bytes again.  Everything is read
 * before anything is printed: a failure half way leaves no half file.
 *
 * Each line is written the way its command's parser reads it: the values
 * are those "global show", "pool4 show" and "bib show" print.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nat64.h>

#include "bib.h"
#include "global.h"
#include "instance.h"
#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"
#include "parse.h"
#include "pool4.h"

/* The static BIB entries; the dynamic ones are traffic, not settings. */
struct statics {
	struct bib_entry *entries;
	size_t count;
	size_t size;
};

static int keep_static(struct nlmsghdr *nlh, void *arg)
{
	struct statics *s = arg;
	struct bib_entry e;

	if (bib_entry_read(nlh, &e, true))
		return -1;
	if (!e.is_static)
		return 0;
	if (s->count == s->size) {
		struct bib_entry *n = ctl_grow(s->entries, &s->size,
					       sizeof(*n), 64);

		if (!n) {
			ctl_error("%s", strerror(ENOMEM));
			return -1;
		}
		s->entries = n;
	}
	s->entries[s->count++] = e;
	return 0;
}

/*
 * A busy NAT64 makes and ends dynamic entries all the time, which flags
 * nearly every dump as interrupted.  That does not touch the static ones:
 * the kernel resumes each part of a dump after the last entry it sent,
 * so an entry that stays is sent exactly once.  Only a bib add or del
 * during the dump could go amiss, as with any read of a table that its
 * owner changes.
 */
static int get_statics(struct statics *s)
{
	bool intr;

	return nat64_dump_once(NAT64_CMD_BIB_GET, NULL, keep_static, s, &intr);
}

/* What save prints, read whole first. */
struct running {
	struct instance_info instance;
	uint32_t globals[__NAT64_GLOBAL_A_MAX];
	struct pool4_entry *pool4;
	size_t pool4_count;
	struct statics statics;
};

static int get_running(struct running *r)
{
	struct pool4_req all = { .has_proto = false };

	/* Without an instance the kernel says so, in its words. */
	if (instance_get(&r->instance))
		return EXIT_FAIL;
	/* A mode of a later kernel has no word apply would read back. */
	if (r->instance.mode >= NAT64_INSTANCE_MODE_COUNT) {
		ctl_error("the instance runs in mode %u, which this nat64ctl does not know",
			  r->instance.mode);
		return EXIT_FAIL;
	}
	return global_get(r->globals) ||
	       pool4_get(&all, &r->pool4, &r->pool4_count) ||
	       get_statics(&r->statics) ? EXIT_FAIL : EXIT_OK;
}

/* A key at its default is left out, as apply sets it back to that. */
static void save_globals(const uint32_t *globals)
{
	char value[PREFIX4_STRLEN + 16];
	unsigned int attr;

	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		if (!global_is_key(attr) || global_is_default(attr, globals))
			continue;
		print_text("global set %s %s\n", global_key_name(attr),
			   global_value_text(attr, globals, value,
					     sizeof(value)));
	}
}

/* Protocol and ports always, so that no default of the day is assumed. */
static void save_pool4(const struct pool4_entry *e)
{
	char prefix[PREFIX4_STRLEN];

	print_text("pool4 add %s proto %s ports %u-%u\n",
		   format_prefix4(&e->prefix, prefix, sizeof(prefix)),
		   proto_name(e->proto), e->port_min, e->port_max);
}

static void save_bib(const struct bib_entry *e)
{
	char t6[TADDR6_STRLEN], t4[TADDR4_STRLEN];

	print_text("bib add proto %s %s %s\n", proto_name(e->proto),
		   format_taddr6(&e->addr6, e->port6, t6, sizeof(t6)),
		   format_taddr4(&e->addr4, e->port4, t4, sizeof(t4)));
}

/* No date or host: the same configuration saves to the same bytes. */
static void save_print(const struct running *r)
{
	char pool6[PREFIX6_STRLEN];
	size_t i;

	print_text("# nat64ctl save, nat64 %s; see nat64.conf(5)\n",
		   NAT64_VERSION);
	/*
	 * The mode only when it is not the default, as global keys are
	 * left out at theirs: a netfilter instance saves to the line it
	 * always did, which a nat64ctl from before target mode applies too.
	 */
	print_text("instance add pool6 %s",
		   format_prefix6(&r->instance.pool6, pool6, sizeof(pool6)));
	if (r->instance.mode != NAT64_INSTANCE_MODE_NETFILTER)
		print_text(" mode %s", instance_mode_name(r->instance.mode));
	print_text("\n");
	save_globals(r->globals);
	for (i = 0; i < r->pool4_count; i++)
		save_pool4(&r->pool4[i]);
	for (i = 0; i < r->statics.count; i++)
		save_bib(&r->statics.entries[i]);
}

static int save_run(int argc, char **argv)
{
	struct running r;
	int ret;

	if (ctl_no_args("save", argc, argv))
		return EXIT_USAGE;
	if (print_is_json()) {
		parse_fail("save has no JSON form; it prints nat64.conf(5) lines");
		return ctl_usage_error();
	}
	memset(&r, 0, sizeof(r));
	ret = get_running(&r);
	if (!ret)
		save_print(&r);
	free(r.pool4);
	free(r.statics.entries);
	return ret;
}

static void save_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl save\n"
		"       nat64ctl save help\n"
		"       prints the running configuration as nat64.conf(5) lines:\n"
		"       the instance, the globals that differ from their defaults,\n"
		"       every pool4 entry and every static BIB entry, for apply\n");
}

const struct ctl_object ctl_object_save = {
	.name = "save",
	.usage = save_usage,
	.run = save_run,
};
