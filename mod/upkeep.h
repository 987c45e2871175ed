/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An instance's periodic upkeep (upkeep.c): stored SYNs answered, sessions
 * expired, TCP sessions probed.  Process context.
 */
#ifndef _NAT64_UPKEEP_H
#define _NAT64_UPKEEP_H

#include "instance.h"

/* At creation, before anything may stop it. */
void nat64_upkeep_init(struct nat64_instance *inst);
/* Once the state exists: the first run a second later. */
void nat64_upkeep_start(struct nat64_instance *inst);
/* Before the state goes; waits for a running pass. */
void nat64_upkeep_stop(struct nat64_instance *inst);

#endif /* _NAT64_UPKEEP_H */
