// SPDX-License-Identifier: GPL-2.0
/*
 * libxt_NAT64.so: the iptables and ip6tables side of the NAT64 target
 * (include/nat64_xt.h, mod/xt_nat64.c).  iptables loads it from its
 * extension directory (pkg-config --variable=xtlibdir xtables) when a
 * rule says -j NAT64; iptables-nft too, which hands the target to the
 * kernel through nft_compat.
 *
 * The target has no option yet: the instance is the namespace's.  So
 * there is nothing to parse, and print and save write nothing after the
 * name: "iptables -L" shows "NAT64", iptables-save "-j NAT64", which
 * restores to the same rule.  There is no xlate either: nft has no
 * native expression that translates, and iptables-translate then keeps
 * the rule as iptables, as it must.
 */
#include <stdio.h>
#include <string.h>
#include <xtables.h>

#include <nat64_xt.h>

static void nat64_tg_help(void)
{
	printf("NAT64 target takes no options.\n"
	       "  Hands what the rule selects to the NAT64 instance of the\n"
	       "  network namespace, which must run in target mode\n"
	       "  (nat64ctl instance add pool6 PREFIX6 mode target): IPv6\n"
	       "  packets to pool6 and IPv4 packets to pool4 are translated,\n"
	       "  the others go on to the next rule.  Table mangle, chain\n"
	       "  PREROUTING (or a chain only PREROUTING jumps to).\n");
}

/*
 * iptables hands a zeroed target already; this says so where it matters,
 * since the kernel refuses a rule with any flag it does not know, and
 * flags are how options to come will be told apart.
 */
static void nat64_tg_init(struct xt_entry_target *target)
{
	struct nat64_xt_info *info = (struct nat64_xt_info *)target->data;

	memset(info, 0, sizeof(*info));
}

/*
 * No option, so nothing to write after the name.  iptables-legacy's save
 * refuses a target without a save function ("missing save function"),
 * and iptables -L prints the name itself: both are here, empty.
 */
static void nat64_tg_print(const void *ip __attribute__((unused)),
			   const struct xt_entry_target *target
			   __attribute__((unused)),
			   int numeric __attribute__((unused)))
{
}

static void nat64_tg_save(const void *ip __attribute__((unused)),
			  const struct xt_entry_target *target
			  __attribute__((unused)))
{
}

/*
 * NFPROTO_UNSPEC: one description serves iptables and ip6tables alike;
 * the kernel has a target of the same name and size for each family.
 */
static struct xtables_target nat64_tg_reg = {
	.version	= XTABLES_VERSION,
	.name		= NAT64_XT_NAME,
	.revision	= 0,
	.family		= NFPROTO_UNSPEC,
	.size		= XT_ALIGN(sizeof(struct nat64_xt_info)),
	.userspacesize	= XT_ALIGN(sizeof(struct nat64_xt_info)),
	.help		= nat64_tg_help,
	.init		= nat64_tg_init,
	.print		= nat64_tg_print,
	.save		= nat64_tg_save,
};

/* Run when iptables dlopen()s the library, as its own extensions' _init. */
static void __attribute__((constructor)) nat64_tg_ldr(void)
{
	xtables_register_target(&nat64_tg_reg);
}
