/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scripted kernel of the nat64ctl tests that talk netlink (ctl_fake.c):
 * a test sets the "kernel" that answers requests to the nat64 family with
 * reset(), runs nat64ctl, then checks what was sent with describe().
 */
#ifndef NAT64CTL_FAKE_H
#define NAT64CTL_FAKE_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netlink.h>

#include <netlink/msg.h>

#define FAMILY_ID	0x2345
/* Its id once the module is loaded again (test_ctl_monitor.c). */
#define FAMILY_ID_RELOADED	(FAMILY_ID + 1)
/* The groups of the nat64 family, unless family_bib and _session say. */
#define BIB_GROUP	0x31
#define SESSION_GROUP	0x32

#define MAX_SENT	16
#define SENT_SIZE	4096
#define MAX_JOINED	8

/* Every request sent, to any family. */
extern unsigned char sent[MAX_SENT][SENT_SIZE];
extern unsigned int nsent;

/* The controller's answers; reset() restores the defaults. */
extern int family_error;	/* nat64's CTRL_CMD_GETFAMILY: 0 or -errno */
extern uint32_t family_version;	/* default NAT64_GENL_VERSION */
extern uint32_t family_bib;	/* its "bib" group: BIB_GROUP, 0 none */
extern uint32_t family_session;	/* its "session" group: SESSION_GROUP, 0 none */
/* An old module's single group, "events", of every event: 0, none. */
extern uint32_t family_old_events;
extern uint32_t ctrl_notify;	/* nlctrl's notify group: GENL_ID_CTRL */

/* nl_socket_get_fd(): -1, or a socket the test writes datagrams into. */
extern int fake_fd;
/* nl_socket_add_membership(): 0 or the libnl error to fail with. */
extern int fake_join_error;
/* nl_send_auto() of a request to nat64: 0, or the libnl error to fail with. */
extern int fake_send_error;
/* The groups joined, in order. */
extern uint32_t joined[MAX_JOINED];
extern unsigned int njoined;

/* A new test: @handler answers requests to the nat64 family (or NULL). */
void reset(void (*handler)(const struct nlmsghdr *req));
/* What comes next goes into a new datagram. */
void dgram_end(void);

/* A generic netlink message answering @req, to be filled and sent. */
struct nl_msg *reply_new(const struct nlmsghdr *req, int flags);
void reply_send(struct nl_msg *msg);
/*
 * NLMSG_ERROR for @req: @capped echoes only its header (what
 * NETLINK_CAP_ACK asks for), otherwise all of it, as old kernels do.
 * @text and @miss (if >= 0) become extack TLVs.
 */
void ack_ext(const struct nlmsghdr *req, int error, const char *text,
	     bool capped, int miss);
void ack(const struct nlmsghdr *req, int error, const char *text);
/* A capped NLMSG_ERROR naming the bad attribute by its offset in @req. */
void ack_offs(const struct nlmsghdr *req, int error, const char *text,
	      uint32_t offs);
/* NLMSG_DONE ending a dump: the error, then extack TLVs. */
void done(const struct nlmsghdr *req, int error, const char *text,
	  int flags);
/* A multicast group, as family_msg() lists it. */
struct fake_group {
	const char *name;
	uint32_t id;		/* 0: not listed */
};

/*
 * A controller message (CTRL_CMD_NEWFAMILY, DELFAMILY) about family
 * @name, listing those of its @ngroups multicast groups @groups whose id
 * is not 0 (no CTRL_ATTR_MCAST_GROUPS at all if none is).
 */
struct nl_msg *family_msg(uint8_t cmd, uint32_t seq, const char *name,
			  uint16_t id, uint32_t version,
			  const struct fake_group *groups,
			  unsigned int ngroups);

/* Dump replies: a pool4 entry, a BIB entry. */
void fake_pool4_entry(const struct nlmsghdr *req, int flags,
		      unsigned int proto, const char *addr, unsigned int plen,
		      unsigned int min, unsigned int max);

struct fake_bib {
	unsigned int proto;
	const char *addr6;
	unsigned int port6;
	const char *addr4;
	unsigned int port4;
	int is_static;		/* -1: leave the attribute out */
	unsigned int sessions;
};

void fake_bib_entry(const struct nlmsghdr *req, int flags,
		    const struct fake_bib *e);

/* The globals, indexed by NAT64_GLOBAL_A_*: at their defaults, sent. */
void fake_default_globals(uint32_t *g);
bool fake_global_is_u8(unsigned int attr);
/* The GLOBAL_GET answer: the reply holding @g, then the ACK. */
void fake_global_reply(const struct nlmsghdr *req, const uint32_t *g);

/*
 * Request @i to the nat64 family as one line, e.g.
 * "POOL4_ADD ack POOL4{ ADDR=c0000201 PLEN=u8:32}".  A nest without
 * NLA_F_NESTED shows as "NAME!{"; the NAT64_A_CONFIG_CHECK flag as
 * "CONFIG_CHECK": "CONFIG_APPLY ack INSTANCE{...} POOL4{...} CONFIG_CHECK".
 * Only requests of at most SENT_SIZE bytes are kept to be described.
 */
const char *describe(unsigned int i);
/* How many requests reached the nat64 family. */
unsigned int nat64_requests(void);
/* snprintf() into one of a few rotating buffers. */
const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

#endif /* NAT64CTL_FAKE_H */
