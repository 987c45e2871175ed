// SPDX-License-Identifier: GPL-2.0
/* Since 6.2: a dump's attributes are in a struct genl_info. */
#include <net/genetlink.h>

const struct genl_info *nat64_conftest(struct netlink_callback *cb);
const struct genl_info *nat64_conftest(struct netlink_callback *cb)
{
	return genl_info_dump(cb);
}
