/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The expiry scan (expire.c).
 */
#ifndef _NAT64_EXPIRE_H
#define _NAT64_EXPIRE_H

#include "state_table.h"

void nat64_expire_start(struct nat64_state *st);
void nat64_expire_stop(struct nat64_state *st);

#endif /* _NAT64_EXPIRE_H */
