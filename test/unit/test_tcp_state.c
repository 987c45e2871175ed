// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 6146 section 3.5.2.2 TCP state machine against a second opinion:
 * the RFC's prose rules written out as an ordered rule list (first match
 * wins), checked for every state, direction and SYN/FIN/RST/ACK combination;
 * then whole connections driven through a small session simulator with a
 * clock.
 */
#include <stdlib.h>
#include "tcp_state.h"
#include "nat64.h"
#include "unit.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

#define SYN	NAT64_TCP_SYN
#define FIN	NAT64_TCP_FIN
#define RST	NAT64_TCP_RST
#define ACK	NAT64_TCP_ACK
#define ALL4	(SYN | FIN | RST | ACK)

#define V6	NAT64_TCP_FROM_V6
#define V4	NAT64_TCP_FROM_V4

#define CLOSED	NAT64_TCP_CLOSED
#define V4INIT	NAT64_TCP_V4_INIT
#define V6INIT	NAT64_TCP_V6_INIT
#define EST	NAT64_TCP_ESTABLISHED
#define V4FIN	NAT64_TCP_V4_FIN_RCV
#define V6FIN	NAT64_TCP_V6_FIN_RCV
#define BOTHFIN	NAT64_TCP_V6_FIN_V4_FIN_RCV
#define TRANS	NAT64_TCP_TRANS

#define KEEP	NAT64_TCP_TIMER_KEEP
#define T_EST	NAT64_TCP_TIMER_EST
#define T_TRANS	NAT64_TCP_TIMER_TRANS
#define T_SYN	NAT64_TCP_TIMER_SYN

#define FWD	NAT64_TCP_FORWARD
#define STORE	NAT64_TCP_STORE
#define DROP	NAT64_TCP_DROP

/* Test names: each state by its identifier in nat64.h, as nat64ctl shows it. */
#define NAME(name)	[NAT64_TCP_##name] = #name

static const char *state_name(int state)
{
	static const char *const names[NAT64_TCP_STATE_COUNT] = {
		NAME(CLOSED), NAME(V4_INIT), NAME(V6_INIT), NAME(ESTABLISHED),
		NAME(V4_FIN_RCV), NAME(V6_FIN_RCV), NAME(V6_FIN_V4_FIN_RCV),
		NAME(TRANS),
	};

	return state >= 0 && state < NAT64_TCP_STATE_COUNT ? names[state] : "?";
}

#define ANY	-1	/* a rule condition that matches everything */
#define SAME	-1	/* a rule result: the state does not change */
#define S(x)	(1U << (x))

/*
 * One prose rule: in any state of @states, for a packet from @dir with every
 * flag of @set and no flag of @clear (and, in V4 INIT, @stored matching),
 * the result is @next, @timer, @verdict.
 */
struct rule {
	unsigned int states;
	int dir;
	int stored;
	unsigned int set, clear;
	int next;
	int timer, verdict;
	const char *why;
};

/*
 * RFC 6146 section 3.5.2.2 state by state, in the RFC's order, with the
 * choices this module makes where the RFCs leave one (marked "choice").
 * A RST rule comes first in each state: RST beats FIN and SYN (choice).
 */
static const struct rule rules[] = {
	/* V4 INIT */
	{ S(V4INIT), V6, ANY, SYN, RST, EST, T_TRANS, FWD,
	  "V6 SYN: ESTABLISHED, still TCP_TRANS until a segment without SYN (choice)" },
	{ S(V4INIT), V4, 1, 0, 0, SAME, KEEP, DROP,
	  "IPv4 packet while the SYN is stored: filtered (choice)" },
	{ S(V4INIT), ANY, ANY, 0, 0, SAME, KEEP, FWD,
	  "any other packet: forwarded, state unchanged" },
	/* V6 INIT */
	{ S(V6INIT), V4, ANY, SYN, RST, EST, T_TRANS, FWD,
	  "V4 SYN with or without ACK: ESTABLISHED, still TCP_TRANS (choice)" },
	{ S(V6INIT), V6, ANY, SYN, RST, SAME, T_TRANS, FWD,
	  "V6 SYN again: lifetime TCP_TRANS, state unchanged" },
	{ S(V6INIT), ANY, ANY, 0, 0, SAME, KEEP, FWD,
	  "any other packet: forwarded, state unchanged" },
	/* ESTABLISHED, and RFC 7857 section 2.2 for the FIN RCV states */
	{ S(EST) | S(V4FIN) | S(V6FIN), ANY, ANY, RST, 0, TRANS, T_TRANS, FWD,
	  "RST: TRANS with TCP_TRANS (6146 in ESTABLISHED, 7857 2.2 in FIN RCV)" },
	{ S(EST), ANY, ANY, SYN, 0, SAME, KEEP, FWD,
	  "SYN, SYN+FIN too: lifetime kept, a handshake stays partially open (choice)" },
	{ S(EST), ANY, ANY, 0, ACK, SAME, KEEP, FWD,
	  "no ACK: no segment of a synchronized connection, nothing changes (choice)" },
	{ S(EST), V4, ANY, FIN, 0, V4FIN, T_EST, FWD,
	  "V4 FIN: V4 FIN RCV (lifetime refreshed: choice)" },
	{ S(EST), V6, ANY, FIN, 0, V6FIN, T_EST, FWD,
	  "V6 FIN: V6 FIN RCV (lifetime refreshed: choice)" },
	{ S(EST), ANY, ANY, 0, 0, SAME, T_EST, FWD,
	  "any other packet: max lifetime, state unchanged" },
	/* V4 FIN RCV, V6 FIN RCV */
	{ S(V4FIN), V6, ANY, FIN, 0, BOTHFIN, T_TRANS, FWD,
	  "V6 FIN: V6 FIN + V4 FIN RCV with TCP_TRANS" },
	{ S(V6FIN), V4, ANY, FIN, 0, BOTHFIN, T_TRANS, FWD,
	  "V4 FIN: V6 FIN + V4 FIN RCV with TCP_TRANS" },
	{ S(V4FIN) | S(V6FIN), ANY, ANY, 0, 0, SAME, T_EST, FWD,
	  "any other packet: max lifetime, state unchanged" },
	/* V6 FIN + V4 FIN RCV */
	{ S(BOTHFIN), ANY, ANY, 0, 0, SAME, KEEP, FWD,
	  "all packets forwarded; only the timeout ends the state" },
	/* TRANS */
	{ S(TRANS), ANY, ANY, RST, 0, SAME, KEEP, FWD,
	  "RST: forwarded, nothing changes" },
	{ S(TRANS), ANY, ANY, SYN, 0, EST, T_TRANS, FWD,
	  "SYN: a new handshake, ESTABLISHED but partially open (choice)" },
	{ S(TRANS), ANY, ANY, 0, ACK, SAME, KEEP, FWD,
	  "no ACK: nothing changes (choice)" },
	{ S(TRANS), ANY, ANY, 0, 0, EST, T_EST, FWD,
	  "packet other than RST: ESTABLISHED, max lifetime" },
	/* CLOSED is not a session: nat64_tcp_update() refuses it */
	{ S(CLOSED), ANY, ANY, 0, 0, CLOSED, KEEP, DROP,
	  "no session: nat64_tcp_closed() decides, not nat64_tcp_update()" },
};

static const char *dir_name(int dir)
{
	return dir == V6 ? "from IPv6" : "from IPv4";
}

static void flag_name(unsigned int f, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", f & SYN ? "SYN " : "",
		 f & FIN ? "FIN " : "", f & RST ? "RST " : "",
		 f & ACK ? "ACK " : "", f & ALL4 ? "" : "none ");
	buf[strlen(buf) - 1] = '\0';
}

static bool rule_matches(const struct rule *r, int state, bool stored,
			 int dir, unsigned int flags)
{
	return (r->states & S(state)) && (r->dir == ANY || r->dir == dir) &&
	       (r->stored == ANY || r->stored == stored) &&
	       (flags & r->set) == r->set && !(flags & r->clear);
}

static const struct rule *expected(int state, bool stored, int dir,
				   unsigned int flags)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(rules); i++)
		if (rule_matches(&rules[i], state, stored, dir, flags))
			return &rules[i];
	abort();	/* the rules cover everything */
}

static bool step_is(const struct nat64_tcp_step *got, int state, int timer,
		    int verdict)
{
	return (int)got->state == state && (int)got->timer == timer &&
	       (int)got->verdict == verdict;
}

static void describe(char *buf, size_t len, const struct nat64_tcp_step *s)
{
	snprintf(buf, len, "%s timer %d verdict %d",
		 state_name(s->state), s->timer, s->verdict);
}

/* One line per (state, stored, direction): all 16 flag combinations. */
static void check_table_row(int state, bool stored, int dir)
{
	char name[128], why[512] = "", f[32], g[96], w[96];
	unsigned int flags, bad = 0;

	for (flags = 0; flags <= ALL4; flags++) {
		const struct rule *r;
		struct nat64_tcp_step got;
		int next;

		if (flags & ~ALL4)
			continue;
		r = expected(state, stored, dir, flags);
		next = r->next == SAME ? state : r->next;
		got = nat64_tcp_update(state, stored, dir, flags);
		if (step_is(&got, next, r->timer, r->verdict))
			continue;
		if (!bad++) {
			struct nat64_tcp_step want = {
				.state = next, .timer = r->timer,
				.verdict = r->verdict,
			};

			flag_name(flags, f, sizeof(f));
			describe(g, sizeof(g), &got);
			describe(w, sizeof(w), &want);
			snprintf(why, sizeof(why), "[%s] got %s, want %s (%s)",
				 f, g, w, r->why);
		}
	}
	snprintf(name, sizeof(name), "tcp: %s%s, %s, 16 flag sets",
		 state_name(state),
		 state == V4INIT ? (stored ? " (SYN stored)" : " (SYN forwarded)") : "",
		 dir_name(dir));
	unit_check(!bad, name, "%u wrong; first %s", bad, why);
}

static void test_table(void)
{
	int state, dir;

	for (state = 0; state < NAT64_TCP_STATE_COUNT; state++)
		for (dir = V6; dir <= V4; dir++) {
			check_table_row(state, false, dir);
			if (state == V4INIT)
				check_table_row(state, true, dir);
		}
}

/*
 * CLOSED: the rules for a packet that matches no session, over every
 * combination of BIB entry, filtering verdict and drop-external-tcp.
 */
struct crule {
	int dir;
	int bib, filter, drop_ext;
	unsigned int set, clear;
	int next, timer, verdict;
	const char *why;
};

static const struct crule crules[] = {
	{ V6, ANY, ANY, ANY, SYN, RST, V6INIT, T_TRANS, FWD,
	  "V6 SYN: session in V6 INIT, TCP_TRANS" },
	{ V4, ANY, ANY, 1, SYN, RST, CLOSED, KEEP, DROP,
	  "V4 SYN, drop externally initiated TCP: silently discarded" },
	{ V4, 0, ANY, ANY, SYN, RST, V4INIT, T_SYN, STORE,
	  "V4 SYN, no BIB entry: stored, V4 INIT, TCP_INCOMING_SYN" },
	{ V4, ANY, 0, ANY, SYN, RST, V4INIT, T_SYN, STORE,
	  "V4 SYN, filtering says no: stored like an unknown one" },
	{ V4, ANY, ANY, ANY, SYN, RST, V4INIT, T_TRANS, FWD,
	  "V4 SYN, BIB entry, filter passes: V4 INIT, forwarded" },
	{ V6, 1, ANY, ANY, 0, 0, CLOSED, KEEP, FWD,
	  "non-SYN with a BIB entry: forwarded, no session" },
	{ V4, 1, 1, 0, 0, 0, CLOSED, KEEP, FWD,
	  "non-SYN with a BIB entry, policy allows: forwarded, no session" },
	{ ANY, ANY, ANY, ANY, 0, 0, CLOSED, KEEP, DROP,
	  "non-SYN otherwise: discarded" },
};

static bool cmatch(int want, int have)
{
	return want == ANY || want == have;
}

static const struct crule *cexpected(int dir, const struct nat64_tcp_ctx *c,
				     unsigned int flags)
{
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(crules); i++) {
		const struct crule *r = &crules[i];

		if (cmatch(r->dir, dir) && cmatch(r->bib, c->bib) &&
		    cmatch(r->filter, c->filter_pass) &&
		    cmatch(r->drop_ext, c->drop_external) &&
		    (flags & r->set) == r->set && !(flags & r->clear))
			return r;
	}
	abort();
}

static void test_closed(void)
{
	unsigned int ctxbits, flags;
	int dir;

	for (dir = V6; dir <= V4; dir++)
		for (ctxbits = 0; ctxbits < 8; ctxbits++) {
			struct nat64_tcp_ctx c = {
				.bib = ctxbits & 1,
				.filter_pass = ctxbits & 2,
				.drop_external = ctxbits & 4,
			};
			char name[128], why[512] = "", f[32], g[96];
			unsigned int bad = 0;

			for (flags = 0; flags <= ALL4; flags++) {
				const struct crule *r = cexpected(dir, &c, flags);
				struct nat64_tcp_step got;

				got = nat64_tcp_closed(dir, flags, &c);
				if (step_is(&got, r->next, r->timer, r->verdict))
					continue;
				if (!bad++) {
					flag_name(flags, f, sizeof(f));
					describe(g, sizeof(g), &got);
					snprintf(why, sizeof(why), "[%s] got %s (%s)",
						 f, g, r->why);
				}
			}
			snprintf(name, sizeof(name),
				 "tcp: no session, %s, bib %d filter %d drop-external %d, 16 flag sets",
				 dir_name(dir), c.bib, c.filter_pass,
				 c.drop_external);
			unit_check(!bad, name, "%u wrong; first %s", bad, why);
		}
}

/* The caller may pass byte 13 of the TCP header as it is (ACK counts). */
static void test_other_bits_ignored(void)
{
	struct nat64_tcp_ctx c = { .bib = true, .filter_pass = true };
	unsigned int b, bad = 0;
	int state, dir;

	for (state = 0; state < NAT64_TCP_STATE_COUNT; state++)
		for (dir = V6; dir <= V4; dir++)
			for (b = 0; b < 256; b++) {
				unsigned int m = b & (SYN | FIN | RST | ACK);
				struct nat64_tcp_step x, y;

				x = nat64_tcp_update(state, state == V4INIT, dir, b);
				y = nat64_tcp_update(state, state == V4INIT, dir, m);
				bad += !step_is(&x, y.state, y.timer, y.verdict);
				x = nat64_tcp_closed(dir, b, &c);
				y = nat64_tcp_closed(dir, m, &c);
				bad += !step_is(&x, y.state, y.timer, y.verdict);
			}
	unit_check(!bad, "tcp: PSH, URG, ECE, CWR never change the answer",
		   "%u differences", bad);
}

static void test_expire(void)
{
	static const struct {
		int state;
		enum nat64_tcp_expiry want;
	} t[] = {
		{ CLOSED, NAT64_TCP_EXPIRE_DELETE },
		{ V4INIT, NAT64_TCP_EXPIRE_DELETE },
		{ V6INIT, NAT64_TCP_EXPIRE_DELETE },
		{ EST, NAT64_TCP_EXPIRE_PROBE },
		{ V4FIN, NAT64_TCP_EXPIRE_DELETE },
		{ V6FIN, NAT64_TCP_EXPIRE_DELETE },
		{ BOTHFIN, NAT64_TCP_EXPIRE_DELETE },
		{ TRANS, NAT64_TCP_EXPIRE_DELETE },
	};
	unsigned int i;
	char name[96];

	for (i = 0; i < ARRAY_LEN(t); i++) {
		enum nat64_tcp_expiry got = nat64_tcp_expire(t[i].state);

		snprintf(name, sizeof(name), "tcp: expiry in %s",
			 state_name(t[i].state));
		unit_check(got == t[i].want, name, "got %d, want %d", got,
			   t[i].want);
	}
}

static void test_lifetime(void)
{
	unit_check(nat64_tcp_lifetime(KEEP, 7440, 240) == 0 &&
		   nat64_tcp_lifetime(T_EST, 7440, 240) == 7440 &&
		   nat64_tcp_lifetime(T_TRANS, 7440, 240) == 240 &&
		   nat64_tcp_lifetime(T_SYN, 7440, 240) == 6,
		   "tcp: lifetimes: est, trans, 6 s incoming SYN, keep = 0",
		   "wrong seconds");
}

/*
 * A session simulator: what the datapath will do with the answers.  One
 * connection, a clock in seconds, default timeouts.  A stored IPv4 SYN is
 * the store's (syn_store.c), as in state.c: consumed silently when a
 * forwarded packet opens the session, answered with ICMP 3/3 (@unreach)
 * when its TCP_INCOMING_SYN runs out.
 */
struct sim {
	const char *name;
	struct nat64_tcp_ctx ctx;
	bool exists, stored;
	enum nat64_tcp_state state;
	unsigned int now, expires;
	unsigned int unreach, probes, dropped_stored;
	unsigned int bad;
	char why[256];
};

static void sim_fail(struct sim *s, const char *what, int line)
{
	if (!s->bad++)
		snprintf(s->why, sizeof(s->why), "line %d: %s (t=%u, state %s)",
			 line, what, s->now,
			 s->exists ? state_name(s->state) : "none");
}

static enum nat64_tcp_verdict sim_pkt(struct sim *s, int dir, unsigned int flags)
{
	struct nat64_tcp_step st;

	if (s->exists)
		st = nat64_tcp_update(s->state, s->stored, dir, flags);
	else
		st = nat64_tcp_closed(dir, flags, &s->ctx);
	if (!s->exists && st.state != CLOSED) {
		s->exists = true;
		s->stored = st.verdict == STORE;
	}
	if (s->exists)
		s->state = st.state;
	if (s->stored && st.verdict == FWD && st.timer != KEEP) {
		s->stored = false;
		s->dropped_stored++;
	}
	if (st.timer != KEEP)
		s->expires = s->now + nat64_tcp_lifetime(st.timer,
			NAT64_TCP_EST_TIMEOUT_DEF, NAT64_TCP_TRANS_TIMEOUT_DEF);
	return st.verdict;
}

static void sim_wait(struct sim *s, unsigned int secs)
{
	s->now += secs;
	while (s->exists && s->expires <= s->now) {
		switch (nat64_tcp_expire(s->state)) {
		case NAT64_TCP_EXPIRE_PROBE:
			s->probes++;
			s->state = TRANS;
			s->expires += NAT64_TCP_TRANS_TIMEOUT_DEF;
			continue;
		case NAT64_TCP_EXPIRE_DELETE:
			break;
		}
		s->unreach += s->stored;
		s->exists = false;
		s->stored = false;
	}
}

static void sim_expect(struct sim *s, int dir, unsigned int flags,
		       int verdict, int state, int line)
{
	char what[96], f[32];
	int got = sim_pkt(s, dir, flags);

	flag_name(flags, f, sizeof(f));
	snprintf(what, sizeof(what), "%s [%s]: verdict %d, want %d; want state %s",
		 dir_name(dir), f, got, verdict, state_name(state));
	if (got != verdict || (state == CLOSED ? s->exists :
			       !s->exists || (int)s->state != state))
		sim_fail(s, what, line);
}

/* The packet gets @verdict and leaves the session in @state. */
#define PKT(s, dir, flags, verdict, state) \
	sim_expect(s, dir, flags, verdict, state, __LINE__)

#define CHECK(s, cond) do {						\
	if (!(cond))							\
		sim_fail(s, #cond, __LINE__);				\
} while (0)

static void sim_init(struct sim *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->ctx.bib = true;
	s->ctx.filter_pass = true;
}

static void sim_end(struct sim *s)
{
	unit_check(!s->bad, s->name, "%s", s->why);
}

#define EST_T	NAT64_TCP_EST_TIMEOUT_DEF
#define TRANS_T	NAT64_TCP_TRANS_TIMEOUT_DEF

/* IPv6 client opens; handshake; data; the IPv4 server closes first. */
static void scen_v6_open_v4_closes(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: IPv6-initiated open, IPv4 side closes first");
	s.ctx.bib = false;	/* the client's first connection */
	PKT(&s, V6, SYN, FWD, V6INIT);
	CHECK(&s, s.expires == s.now + TRANS_T);
	sim_wait(&s, 1);
	PKT(&s, V4, SYN | ACK, FWD, EST);
	CHECK(&s, s.expires == s.now + TRANS_T);	/* partially open */
	PKT(&s, V6, ACK, FWD, EST);
	CHECK(&s, s.expires == s.now + EST_T);
	sim_wait(&s, 100);
	PKT(&s, V4, ACK, FWD, EST);		/* data */
	PKT(&s, V4, FIN | ACK, FWD, V4FIN);
	PKT(&s, V6, ACK, FWD, V4FIN);
	PKT(&s, V6, FIN | ACK, FWD, BOTHFIN);
	CHECK(&s, s.expires == s.now + TRANS_T);
	sim_wait(&s, 10);
	PKT(&s, V4, ACK, FWD, BOTHFIN);		/* last ACK: no refresh */
	CHECK(&s, s.expires == s.now - 10 + TRANS_T);
	sim_wait(&s, TRANS_T - 11);
	CHECK(&s, s.exists);
	sim_wait(&s, 1);
	CHECK(&s, !s.exists && !s.unreach && !s.probes);
	sim_end(&s);
}

static void scen_v6_open_v6_closes(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: IPv6-initiated open, IPv6 side closes first");
	PKT(&s, V6, SYN, FWD, V6INIT);
	PKT(&s, V6, SYN, FWD, V6INIT);		/* retransmitted */
	PKT(&s, V4, SYN | ACK, FWD, EST);
	PKT(&s, V6, ACK, FWD, EST);
	PKT(&s, V6, FIN | ACK, FWD, V6FIN);
	PKT(&s, V4, FIN | ACK, FWD, BOTHFIN);
	PKT(&s, V6, ACK, FWD, BOTHFIN);
	sim_wait(&s, TRANS_T);
	CHECK(&s, !s.exists);
	sim_end(&s);
}

/* Simultaneous open: the IPv4 SYN waits, the IPv6 SYN comes within 6 s. */
static void scen_simultaneous_open(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: simultaneous open, stored IPv4 SYN dropped silently");
	s.ctx.bib = false;
	PKT(&s, V4, SYN, STORE, V4INIT);
	CHECK(&s, s.stored && s.expires == s.now + 6);
	sim_wait(&s, 3);
	PKT(&s, V4, SYN, DROP, V4INIT);		/* retransmission */
	CHECK(&s, s.expires == 6);		/* the first SYN's 6 s run on */
	sim_wait(&s, 2);
	CHECK(&s, s.exists && !s.unreach);	/* nothing said before 6 s */
	PKT(&s, V6, SYN, FWD, EST);
	CHECK(&s, !s.stored && s.dropped_stored == 1);
	CHECK(&s, s.expires == s.now + TRANS_T);
	PKT(&s, V4, SYN | ACK, FWD, EST);
	PKT(&s, V6, SYN | ACK, FWD, EST);
	CHECK(&s, s.expires == s.now + TRANS_T);
	PKT(&s, V4, ACK, FWD, EST);
	CHECK(&s, s.expires == s.now + EST_T);
	sim_wait(&s, 10);
	CHECK(&s, s.exists && !s.unreach);
	sim_end(&s);
}

/* No IPv6 SYN within 6 s: ICMP port unreachable for the stored SYN. */
static void scen_stored_syn_expires(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: stored IPv4 SYN answered with ICMP 3/3 after 6 s");
	s.ctx.bib = false;
	PKT(&s, V4, SYN, STORE, V4INIT);
	sim_wait(&s, 5);
	CHECK(&s, s.exists && !s.unreach);
	sim_wait(&s, 1);
	CHECK(&s, !s.exists && s.unreach == 1);
	sim_end(&s);
}

/* RFC 7857 section 2.2: a RST parks the session in TRANS for 4 min. */
static void scen_rst_established(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: RST in ESTABLISHED -> TRANS, later packet -> ESTABLISHED");
	PKT(&s, V6, SYN, FWD, V6INIT);
	PKT(&s, V4, SYN | ACK, FWD, EST);
	PKT(&s, V4, RST, FWD, TRANS);
	CHECK(&s, s.expires == s.now + TRANS_T);
	sim_wait(&s, 60);
	PKT(&s, V6, RST, FWD, TRANS);		/* RST: no refresh */
	CHECK(&s, s.expires == s.now - 60 + TRANS_T);
	PKT(&s, V6, ACK, FWD, EST);		/* alive after all */
	CHECK(&s, s.expires == s.now + EST_T);
	PKT(&s, V6, RST | ACK, FWD, TRANS);
	sim_wait(&s, TRANS_T - 1);
	CHECK(&s, s.exists);
	sim_wait(&s, 1);
	CHECK(&s, !s.exists);
	sim_end(&s);
}

static void scen_rst_fin_rcv(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: RST in V4 FIN RCV -> TRANS, deleted after TCP_TRANS");
	PKT(&s, V6, SYN, FWD, V6INIT);
	PKT(&s, V4, SYN | ACK, FWD, EST);
	PKT(&s, V4, FIN | ACK, FWD, V4FIN);
	PKT(&s, V6, RST, FWD, TRANS);
	sim_wait(&s, TRANS_T);
	CHECK(&s, !s.exists && !s.probes);
	sim_end(&s);
}

/* Half-closed connections carry data as long as established ones. */
static void scen_data_in_fin_rcv(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: data in V4 FIN RCV keeps the established lifetime");
	PKT(&s, V6, SYN, FWD, V6INIT);
	PKT(&s, V4, SYN | ACK, FWD, EST);
	PKT(&s, V4, FIN | ACK, FWD, V4FIN);
	CHECK(&s, s.expires == s.now + EST_T);
	sim_wait(&s, EST_T - 1);
	PKT(&s, V6, ACK, FWD, V4FIN);		/* data from the open side */
	CHECK(&s, s.expires == s.now + EST_T);
	sim_wait(&s, EST_T - 1);
	PKT(&s, V4, ACK, FWD, V4FIN);		/* its ACK */
	sim_wait(&s, EST_T - 1);
	CHECK(&s, s.exists && s.state == V4FIN);
	sim_wait(&s, 1);
	CHECK(&s, !s.exists && !s.probes);
	sim_end(&s);
}

/*
 * A spoofed IPv4 SYN to a published server, answered by the server's
 * SYN+ACK (sent again), and nothing after: the session never gets the
 * established lifetime, and is gone after two transitory ones (its
 * lifetime, then the probe's).
 */
static void scen_handshake_never_completed(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: a handshake nobody completes stays partially open");
	PKT(&s, V4, SYN, FWD, V4INIT);
	CHECK(&s, s.expires == s.now + TRANS_T);
	sim_wait(&s, 1);
	PKT(&s, V6, SYN | ACK, FWD, EST);
	CHECK(&s, s.expires == s.now + TRANS_T);
	sim_wait(&s, 3);
	PKT(&s, V6, SYN | ACK, FWD, EST);		/* sent again */
	CHECK(&s, s.expires == s.now - 3 + TRANS_T);
	/* The spoofer's own try: segments the server drops unanswered. */
	PKT(&s, V4, FIN, FWD, EST);
	PKT(&s, V4, 0, FWD, EST);
	PKT(&s, V4, SYN | FIN | ACK, FWD, EST);
	CHECK(&s, s.expires == s.now - 3 + TRANS_T);
	sim_wait(&s, TRANS_T - 3);
	CHECK(&s, s.exists && s.state == TRANS && s.probes == 1);
	PKT(&s, V4, SYN, FWD, EST);		/* revived by a SYN: partially open */
	CHECK(&s, s.expires == s.now + TRANS_T);
	sim_wait(&s, 2 * TRANS_T);
	CHECK(&s, !s.exists);
	sim_end(&s);
}

/* Established lifetime runs out: probe, TRANS, then gone or revived. */
static void scen_established_idle(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: idle ESTABLISHED probes, TRANS, revived by traffic");
	PKT(&s, V6, SYN, FWD, V6INIT);
	PKT(&s, V4, SYN | ACK, FWD, EST);
	PKT(&s, V6, ACK, FWD, EST);
	sim_wait(&s, EST_T);
	CHECK(&s, s.exists && s.state == TRANS && s.probes == 1);
	PKT(&s, V6, ACK, FWD, EST);		/* the probe's answer */
	sim_wait(&s, EST_T + TRANS_T);
	CHECK(&s, !s.exists && s.probes == 2);
	sim_end(&s);
}

static void scen_v6_syn_unanswered(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: unanswered IPv6 SYN gone after TCP_TRANS");
	PKT(&s, V6, SYN, FWD, V6INIT);
	PKT(&s, V4, RST | ACK, FWD, V6INIT);	/* refused: no refresh */
	sim_wait(&s, TRANS_T - 1);
	CHECK(&s, s.exists);
	sim_wait(&s, 1);
	CHECK(&s, !s.exists && !s.unreach);
	sim_end(&s);
}

/* drop-externally-initiated-tcp on and off, with a static BIB entry. */
static void scen_external_syn(void)
{
	struct sim s;

	sim_init(&s, "tcp scenario: IPv4 SYN with drop-external-tcp on is dropped");
	s.ctx.drop_external = true;
	PKT(&s, V4, SYN, DROP, CLOSED);
	PKT(&s, V4, ACK, DROP, CLOSED);
	PKT(&s, V6, ACK, FWD, CLOSED);		/* no session created */
	CHECK(&s, !s.unreach);
	sim_end(&s);

	sim_init(&s, "tcp scenario: IPv4 SYN with drop-external-tcp off opens to a static BIB");
	PKT(&s, V4, SYN, FWD, V4INIT);
	CHECK(&s, !s.stored && s.expires == s.now + TRANS_T);
	PKT(&s, V4, SYN, FWD, V4INIT);		/* retransmission */
	PKT(&s, V6, SYN | ACK, FWD, EST);
	CHECK(&s, !s.dropped_stored);
	PKT(&s, V4, ACK, FWD, EST);
	sim_end(&s);

	sim_init(&s, "tcp scenario: IPv4 SYN that filtering refuses waits 6 s, then ICMP");
	s.ctx.filter_pass = false;
	PKT(&s, V4, SYN, STORE, V4INIT);
	PKT(&s, V4, ACK, DROP, V4INIT);
	sim_wait(&s, 6);
	CHECK(&s, !s.exists && s.unreach == 1);
	sim_end(&s);
}

int main(void)
{
	test_table();
	test_closed();
	test_other_bits_ignored();
	test_expire();
	test_lifetime();
	scen_v6_open_v4_closes();
	scen_v6_open_v6_closes();
	scen_simultaneous_open();
	scen_stored_syn_expires();
	scen_rst_established();
	scen_rst_fin_rcv();
	scen_data_in_fin_rcv();
	scen_established_idle();
	scen_handshake_never_completed();
	scen_v6_syn_unanswered();
	scen_external_syn();
	return unit_failed ? 1 : 0;
}
