/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAT64_GENL_H
#define _NAT64_GENL_H

int nat64_genl_init(void);
void nat64_genl_exit(void);

#endif /* _NAT64_GENL_H */
