// SPDX-License-Identifier: GPL-2.0
/*
 * The state as netlink shows it: dumps (genl.c) and events (event.c) copy
 * an entry or a session out with the same functions and put it in the
 * same nest, so a listener and a dump never disagree on a field.
 */
#include <net/ipv6.h>

#include "state_attr.h"
#include "addr.h"
#include "bib.h"

void nat64_bib_info_of(const struct nat64_ptable *pt,
		       const struct nat64_bib *bib, bool sessions,
		       struct nat64_bib_info *i)
{
	i->proto = pt->proto;
	i->is_static = nat64_bib_is_static(bib);
	i->addr6 = bib->addr6;
	i->port6 = ntohs(bib->port6);
	i->addr4 = bib->addr4;
	i->port4 = ntohs(bib->port4);
	i->sessions = sessions ? nat64_bib_sessions(bib) : 0;
}

void nat64_session_info_of(const struct nat64_instance *inst,
			   const struct nat64_session *s, u8 proto, u32 now,
			   struct nat64_session_info *i)
{
	const struct nat64_bib *bib = nat64_session_bib(s);
	s32 left = READ_ONCE(s->expires) - now;

	i->proto = proto;
	i->tcp_state = READ_ONCE(s->tcp_state);
	i->addr6 = bib->addr6;
	i->port6 = ntohs(bib->port6);
	nat64_addr_4to6(&inst->pool6, inst->pool6_len, s->raddr, &i->raddr6);
	i->addr4 = bib->addr4;
	i->port4 = ntohs(bib->port4);
	i->raddr4 = s->raddr;
	if (proto == NAT64_PROTO_ICMP) {
		i->rport6 = i->port6;
		i->rport4 = i->port4;
	} else {
		i->rport6 = ntohs(s->rport);
		i->rport4 = i->rport6;
	}
	i->expires_ms = left > 0 ? jiffies_to_msecs(left) : 0;
}

int nat64_bib_info_put(struct sk_buff *skb, const struct nat64_bib_info *b,
		       bool counts)
{
	struct nlattr *nest = nla_nest_start(skb, NAT64_A_BIB);

	if (!nest ||
	    nla_put_u8(skb, NAT64_BIB_A_PROTO, b->proto) ||
	    nla_put_in6_addr(skb, NAT64_BIB_A_ADDR6, &b->addr6) ||
	    nla_put_u16(skb, NAT64_BIB_A_PORT6, b->port6) ||
	    nla_put_in_addr(skb, NAT64_BIB_A_ADDR4, b->addr4) ||
	    nla_put_u16(skb, NAT64_BIB_A_PORT4, b->port4) ||
	    nla_put_u8(skb, NAT64_BIB_A_STATIC, b->is_static) ||
	    (counts && nla_put_u32(skb, NAT64_BIB_A_SESSIONS, b->sessions)))
		goto err;
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

int nat64_session_info_put(struct sk_buff *skb,
			   const struct nat64_session_info *s, bool expires)
{
	struct nlattr *nest = nla_nest_start(skb, NAT64_A_SESSION);

	if (!nest ||
	    nla_put_u8(skb, NAT64_SESSION_A_PROTO, s->proto) ||
	    nla_put_in6_addr(skb, NAT64_SESSION_A_ADDR6, &s->addr6) ||
	    nla_put_u16(skb, NAT64_SESSION_A_PORT6, s->port6) ||
	    nla_put_in6_addr(skb, NAT64_SESSION_A_REMOTE6, &s->raddr6) ||
	    nla_put_u16(skb, NAT64_SESSION_A_REMOTE_PORT6, s->rport6) ||
	    nla_put_in_addr(skb, NAT64_SESSION_A_ADDR4, s->addr4) ||
	    nla_put_u16(skb, NAT64_SESSION_A_PORT4, s->port4) ||
	    nla_put_in_addr(skb, NAT64_SESSION_A_REMOTE4, s->raddr4) ||
	    nla_put_u16(skb, NAT64_SESSION_A_REMOTE_PORT4, s->rport4) ||
	    (s->proto == NAT64_PROTO_TCP &&
	     nla_put_u8(skb, NAT64_SESSION_A_TCP_STATE, s->tcp_state)) ||
	    (expires &&
	     nla_put_u32(skb, NAT64_SESSION_A_EXPIRES, s->expires_ms)))
		goto err;
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* One protocol's gauges: its table's counts and pool4's size. */
static int proto_gauges_put(struct sk_buff *skb, const struct nat64_ptable *pt,
			    const struct nat64_pool4 *p)
{
	struct nlattr *nest = nla_nest_start(skb, NAT64_GAUGE_A_PROTO);

	if (!nest ||
	    nla_put_u8(skb, NAT64_GAUGE_PROTO_A_PROTO, pt->proto) ||
	    nla_put_u32(skb, NAT64_GAUGE_PROTO_A_BIB,
			atomic_read(&pt->nbib)) ||
	    nla_put_u32(skb, NAT64_GAUGE_PROTO_A_SESSIONS,
			atomic_read(&pt->nsess)) ||
	    nla_put_u64_64bit(skb, NAT64_GAUGE_PROTO_A_PORTS,
			      p->index[pt->proto].cap,
			      NAT64_GAUGE_PROTO_A_PAD))
		goto err;
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

int nat64_gauges_put(struct sk_buff *skb, const struct nat64_instance *inst)
{
	const struct nat64_pool4 *p = rcu_dereference(inst->pool4);
	const struct nat64_state *st = inst->state;
	struct nlattr *nest = nla_nest_start(skb, NAT64_A_GAUGES);
	int i;

	if (!nest ||
	    nla_put_u32(skb, NAT64_GAUGE_A_SESSIONS,
			atomic_read(&st->nsessions)) ||
	    nla_put_u32(skb, NAT64_GAUGE_A_IPV4_SESSIONS,
			atomic_read(&st->nsessions_v4)) ||
	    nla_put_u32(skb, NAT64_GAUGE_A_STORED_SYNS, READ_ONCE(st->nsyns)))
		goto err;
	for (i = 0; i < NAT64_PROTO_COUNT; i++)
		if (proto_gauges_put(skb, &st->t[i], p))
			goto err;
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
