// SPDX-License-Identifier: GPL-2.0
/* Since 6.5: the GSO helpers moved out of netdevice.h into net/gso.h. */
#include <net/gso.h>
