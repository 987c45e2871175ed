/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the nat64 generic netlink family: one socket per run, opened
 * on first use (in the -n namespace), requests answered by an ACK, dumps,
 * and kernel errors printed with their extended ACK message.
 *
 * Every function that fails has already printed "Error: ..." and returns
 * EXIT_FAIL (or NULL); callers just pass that on.
 */
#ifndef NAT64CTL_NETLINK_H
#define NAT64CTL_NETLINK_H

#include <stddef.h>
#include <stdint.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>

/* Gets every reply message; returns 0, or -1 after printing an error. */
typedef int (*nat64_reply_cb)(struct nlmsghdr *nlh, void *arg);

/* Attempts at a dump before giving up on a table that keeps changing. */
#define NAT64_DUMP_TRIES	5

/* A new request for @cmd; NULL if the socket or the family is missing. */
struct nl_msg *nat64_msg(uint8_t cmd);
/* For callers whose nla_put*() failed: frees @msg, returns EXIT_FAIL. */
int nat64_msg_abort(struct nl_msg *msg);
/* Sends @msg (and frees it), feeds replies to @cb, waits for the ACK. */
int nat64_request(struct nl_msg *msg, nat64_reply_cb cb, void *arg);
/* Adds a dump request's attributes; returns 0, or < 0 if @msg is full. */
typedef int (*nat64_fill_cb)(struct nl_msg *msg, void *arg);

/*
 * Dumps @cmd into @cb; @fill (if not NULL) adds the request's attributes.
 * If the kernel flags the dump as interrupted (the table changed
 * meanwhile), calls @restart to drop what @cb collected and dumps again,
 * up to NAT64_DUMP_TRIES times.  Without @restart (for tables that change
 * with traffic, and that @cb prints as they come) the dump is not
 * repeated: it ends with a warning that the listing may be inconsistent.
 */
int nat64_dump(uint8_t cmd, nat64_fill_cb fill, nat64_reply_cb cb,
	       void (*restart)(void *arg), void *arg);
void nat64_close(void);

/* Reply parsing: the nest @attr of a reply, split into @tb[0..@max]. */
int nat64_reply_nest(struct nlmsghdr *nlh, int attr, struct nlattr **tb,
		     int max);
/* One attribute of a parsed nest, length-checked; @what names it. */
int nat64_get_u8(struct nlattr **tb, int type, const char *what, uint8_t *v);
int nat64_get_u16(struct nlattr **tb, int type, const char *what,
		  uint16_t *v);
int nat64_get_u32(struct nlattr **tb, int type, const char *what,
		  uint32_t *v);
int nat64_get_bin(struct nlattr **tb, int type, const char *what, void *buf,
		  size_t len);

#endif /* NAT64CTL_NETLINK_H */
