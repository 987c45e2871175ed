// SPDX-License-Identifier: GPL-2.0
/*
 * nat64: stateful NAT64 (RFC 6146, RFC 7915, RFC 6052) for netfilter.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>

#include "instance.h"
#include "genl.h"
#include "state.h"
#include "ceiling.h"
#include "globals.h"
#include "xt_nat64.h"

static int __init nat64_init(void)
{
	int err;

	nat64_globals_module_init();
	err = nat64_ceiling_init();
	if (err)
		return err;
	err = nat64_state_module_init();
	if (err)
		goto err_ceiling;
	err = register_pernet_subsys(&nat64_pernet_ops);
	if (err)
		goto err_state;
	err = nat64_genl_init();
	if (err)
		goto err_pernet;
	/* Last: a rule's check reads the namespaces' instances. */
	err = nat64_xt_init();
	if (err)
		goto err_genl;
	return 0;

err_genl:
	nat64_genl_exit();
err_pernet:
	unregister_pernet_subsys(&nat64_pernet_ops);
err_state:
	nat64_state_module_exit();
err_ceiling:
	nat64_ceiling_exit();
	return err;
}

static void __exit nat64_exit(void)
{
	/*
	 * No rule can hold the module (each takes a reference), so no
	 * target runs; then no new requests, then no instances, then no
	 * pending frees.
	 */
	nat64_xt_exit();
	nat64_genl_exit();
	unregister_pernet_subsys(&nat64_pernet_ops);
	rcu_barrier();
	nat64_state_module_exit();
	nat64_ceiling_exit();
}

module_init(nat64_init);
module_exit(nat64_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Stateful NAT64 (RFC 6146) with RFC 7915 header translation");
MODULE_VERSION(NAT64_VERSION);
MODULE_ALIAS_GENL_FAMILY(NAT64_GENL_NAME);
