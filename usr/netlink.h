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

#include <stdbool.h>
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
/* The same with room for @size bytes in all, for requests over a page. */
struct nl_msg *nat64_msg_size(uint8_t cmd, size_t size);
/* For callers whose nla_put*() failed: frees @msg, returns EXIT_FAIL. */
int nat64_msg_abort(struct nl_msg *msg);
/* Sends @msg (and frees it), feeds replies to @cb, waits for the ACK. */
int nat64_request(struct nl_msg *msg, nat64_reply_cb cb, void *arg);

/* The kernel's answer to a request: its error and its extended ACK. */
struct nat64_ack {
	int error;		/* 0 or -errno; -EMSGSIZE if it could not go */
	char msg[256];		/* extack message, error or warning; or "" */
	bool has_miss;		/* extack names a missing attribute */
	unsigned int miss_type;
	bool has_offs;		/* extack points at the attribute at fault */
	uint32_t offs;		/* its offset from the request's nlmsghdr */
};

/*
 * nat64_request() for callers that explain the kernel's answer themselves
 * (nat64ctl apply names the line at fault): neither a refusal nor a
 * warning is printed, both are left in @ack.  Returns EXIT_OK when the
 * kernel agreed, EXIT_FAIL when it refused (@ack->error set) or anything
 * else failed (printed already, @ack->error 0).
 */
int nat64_request_ack(struct nl_msg *msg, nat64_reply_cb cb, void *arg,
		      struct nat64_ack *ack);
/* What nat64_request() prints of a refusal: the message, or strerror(). */
const char *nat64_ack_reason(const struct nat64_ack *ack, char *buf,
			     size_t size);
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
/*
 * One dump, never repeated: @intr tells whether the kernel flagged it as
 * interrupted, for callers that know which entries that can affect.
 */
int nat64_dump_once(uint8_t cmd, nat64_fill_cb fill, nat64_reply_cb cb,
		    void *arg, bool *intr);
/*
 * One dump of the whole table, on a socket of its own (the one of the
 * other calls may be listening to events), for a caller that explains
 * the kernel's refusal itself (monitor's snapshot: ENOENT, no instance
 * yet, is an empty BIB): as nat64_request_ack(), a refusal is left in
 * @ack, not printed.  Whether the table changed meanwhile is not asked.
 */
int nat64_dump_ack(uint8_t cmd, nat64_reply_cb cb, void *arg,
		   struct nat64_ack *ack);
void nat64_close(void);

/* Reply parsing: the nest @attr of a reply, split into @tb[0..@max]. */
int nat64_reply_nest(struct nlmsghdr *nlh, int attr, struct nlattr **tb,
		     int max);
/* "malformed reply ...: missing or bad @what"; returns -1. */
int nat64_malformed(const char *what);
/*
 * While @quiet, nat64_malformed() and so the nat64_get_*() say nothing:
 * for a message read once to look and once to print (monitor's snapshot).
 */
void nat64_malformed_quiet(bool quiet);
/* One attribute of a parsed nest, length-checked; @what names it. */
int nat64_get_u8(struct nlattr **tb, int type, const char *what, uint8_t *v);
int nat64_get_u16(struct nlattr **tb, int type, const char *what,
		  uint16_t *v);
int nat64_get_u32(struct nlattr **tb, int type, const char *what,
		  uint32_t *v);
int nat64_get_u64(struct nlattr **tb, int type, const char *what,
		  uint64_t *v);
int nat64_get_bin(struct nlattr **tb, int type, const char *what, void *buf,
		  size_t len);

/*
 * The nat64 event groups, as bits of what nat64_listen() joins: "bib"
 * carries BIB_NEW and BIB_END, "session" SESSION_NEW and SESSION_END, and
 * both carry STATE_FLUSHED (include/nat64.h).
 */
#define NAT64_LISTEN_BIB	(1U << 0)
#define NAT64_LISTEN_SESSION	(1U << 1)

/*
 * Listening (nat64ctl monitor): the socket of the requests, joined to the
 * nat64 event groups in @groups (NAT64_LISTEN_*) and to the controller's
 * "notify" group, which tells when the family goes and comes back.
 * Returns the socket's file descriptor, or -1 after an error; @family
 * gets the family's id.  @rcvbuf: the receive buffer to ask for, in
 * bytes (the kernel doubles it), or 0 for NAT64_LISTEN_RCVBUF.
 */
#define NAT64_LISTEN_RCVBUF	(4U << 20)
int nat64_listen(unsigned int groups, unsigned int rcvbuf, uint16_t *family);

enum nat64_family_change {
	NAT64_FAMILY_OTHER,	/* not about the nat64 family */
	NAT64_FAMILY_GONE,	/* module unloaded: @family is now 0 */
	NAT64_FAMILY_BACK,	/* loaded again: the same groups joined again */
};

/*
 * A message of the controller's notify group: enum nat64_family_change,
 * @family updated; or -1 after an error (the new module cannot be
 * followed).
 */
int nat64_family_change(struct nlmsghdr *nlh, uint16_t *family);

#endif /* NAT64CTL_NETLINK_H */
