// SPDX-License-Identifier: GPL-2.0
/*
 * The packet fuzzer's engine (test/suites/15-fuzz-packets.py drives it):
 * reads seed packets, mutates COUNT of them and sends each as an Ethernet
 * frame to the translator, IPv6 from one wire and IPv4 from the other, each
 * wire's raw socket opened in its own network namespace.  Python is far too
 * slow under emulation for millions of packets; the mutations are the
 * same kinds the driver documents.
 *
 * Usage: pktfuzz SEEDS COUNT RNGSEED FRAG NS6 IF6 MAC6 NS4 IF4 MAC4 [NSTAP TAP]
 *   (MAC6, MAC4: the translator's side of each wire)
 *   SEEDS: lines "6 HEX" / "4 HEX" (a packet from that side), "s6 HEX" /
 *   "s4 HEX" (a special or pool address to write in), "d6 HEX" (an IPv6
 *   destination to write in: pool6 plus a special IPv4 address).
 *   FRAG: 0 keeps every mutant free of fragments (the checked phase: such
 *   a mutant is not sent and counted as deferred), 1 allows them, 2 sends
 *   the seeds once each in file order (fragment trains), a fifth of them
 *   with one byte flipped, COUNT times over; 3 is 0 with every mutant
 *   written to the tap device TAP (persistent, IFF_VNET_HDR, in namespace
 *   NSTAP: the translator's) behind a virtio-net header of random GSO
 *   and checksum-offload metadata, as a guest's frames arrive through
 *   tap or virtio-net (SKB_GSO_DODGY).
 * Prints "sent N deferred N refused N" (refused: the tap said EINVAL, as
 * the kernel's virtio-net header checks refuse some lies before anything).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXPKT	4096
#define N(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXSEED	1024

struct blob {
	uint8_t *b;
	size_t len;
};

static struct blob seeds[2][MAXSEED], src6[64], src4[64], dst6[64];
static size_t nseeds[2], nsrc6, nsrc4, ndst6;
/* Mode 2 sends the seeds as they come in the file. */
static struct blob *order[2 * MAXSEED];
static size_t norder;
static uint64_t rs;

/* xorshift64*: fast, and a run is reproducible from its seed. */
static uint32_t rnd(uint32_t n)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return n ? (uint32_t)((rs * 0x2545F4914F6CDD1DULL) >> 32) % n : 0;
}

static int chance(unsigned int percent)
{
	return rnd(100) < percent;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint16_t csum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += get16(p + i);
	if (len & 1)
		s += p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

static size_t l4_off(const uint8_t *p, size_t len)
{
	size_t off = 40;
	uint8_t nh;
	int i;

	if (len < 20)
		return len;
	if (p[0] >> 4 == 4)
		return (p[0] & 15) * 4;
	if (len < 40)
		return len;
	nh = p[6];
	for (i = 0; i < 8 && (nh == 0 || nh == 43 || nh == 60 || nh == 44) &&
		    off + 8 <= len; i++) {
		size_t step = nh == 44 ? 8 : ((size_t)p[off + 1] + 1) * 8;

		nh = p[off];
		off += step;
	}
	return off;
}

/* Any Fragment Header where IPv6 defragmentation would look for one. */
static int has_frag6(const uint8_t *p, size_t len)
{
	size_t off = 40, step;
	uint8_t nh;
	int i;

	if (len < 40 || p[0] >> 4 != 6)
		return 0;
	nh = p[6];
	for (i = 0; i < 64; i++) {
		if (nh == 44)
			return 1;
		if ((nh != 0 && nh != 43 && nh != 60 && nh != 51) || off + 8 > len)
			return 0;
		step = nh == 51 ? ((size_t)p[off + 1] + 2) * 4 :
				  ((size_t)p[off + 1] + 1) * 8;
		nh = p[off];
		off += step;
	}
	return 1;
}

static size_t m_truncate(uint8_t *p __attribute__((unused)), size_t len)
{
	return rnd(len);
}

static size_t m_flip(uint8_t *p, size_t len)
{
	size_t i = rnd(len < 120 ? len : 120);

	p[i] ^= chance(50) ? 1U << rnd(8) : 1 + rnd(255);
	return len;
}

static size_t m_lie(uint8_t *p, size_t len)
{
	static const uint16_t v[] = { 0, 1, 7, 8, 28, 0xffff };
	size_t off = l4_off(p, len), spot;

	if (off + 6 > len)
		return len;
	spot = off + 4;
	if (off + 28 <= len && chance(60))
		spot = off + 8 + (chance(50) ? 2 : 4);
	put16(p + spot, chance(50) ? v[rnd(6)] : rnd(65536));
	return len;
}

static size_t m_flags(uint8_t *p, size_t len)
{
	size_t off = l4_off(p, len);

	if (off + 14 <= len)
		p[off + 13] = rnd(256);
	return len;
}

static size_t m_csum(uint8_t *p, size_t len)
{
	static const size_t at[] = { 2, 6, 16 };
	size_t i = l4_off(p, len) + at[rnd(3)];

	if (i + 2 <= len)
		put16(p + i, chance(30) ? 0 : chance(30) ? 0xffff : rnd(65536));
	return len;
}

/* IPv6: a chain of random extension headers ahead of the transport. */
static size_t m_exthdrs(uint8_t *p, size_t len)
{
	static const uint8_t kinds[] = { 0, 43, 60, 60, 44, 51, 135 };
	uint8_t chain[MAXPKT], nh;
	size_t clen = 0, n, hl, i;
	int k, count;

	if (len < 40 || p[0] >> 4 != 6)
		return len;
	nh = p[6];
	count = 1 + rnd(11);
	for (k = 0; k < count; k++) {
		uint8_t kind = kinds[rnd(sizeof(kinds))];

		n = rnd(3);
		hl = kind == 44 ? 8 : 8 + 8 * n;
		if (clen + hl + len > MAXPKT)
			break;
		memmove(chain + hl, chain, clen);
		memset(chain, 0, hl);
		chain[0] = nh;
		if (kind == 44) {
			for (i = 4; i < 8; i++)
				chain[i] = rnd(256);
		} else {
			chain[1] = n;
			for (i = 2; i < hl; i++)
				if (chance(20))
					chain[i] = rnd(256);
			if (kind == 43) {
				chain[2] = rnd(5);
				chain[3] = rnd(3);
			}
		}
		clen += hl;
		nh = kind;
	}
	memmove(p + 40 + clen, p + 40, len - 40);
	memcpy(p + 40, chain, clen);
	p[6] = nh;
	return len + clen;
}

static size_t m_proto(uint8_t *p, size_t len)
{
	static const uint8_t v6[] = { 0, 1, 4, 41, 47, 50, 58, 59, 132, 6, 17 };
	static const uint8_t v4[] = { 1, 2, 4, 6, 17, 41, 47, 58 };

	if (p[0] >> 4 == 6 && len >= 40)
		p[6] = chance(80) ? v6[rnd(sizeof(v6))] : rnd(256);
	else if (len >= 20)
		p[9] = chance(80) ? v4[rnd(sizeof(v4))] : rnd(256);
	return len;
}

static size_t m_junk(uint8_t *p, size_t len)
{
	size_t n = 1 + rnd(64), i;

	if (len + n > MAXPKT)
		return len;
	for (i = 0; i < n; i++)
		p[len + i] = rnd(256);
	return len + n;
}

static size_t m_addr(uint8_t *p, size_t len)
{
	struct blob *b;

	if (p[0] >> 4 == 6 && len >= 40) {
		if (chance(30) && ndst6) {
			b = &dst6[rnd(ndst6)];
			memcpy(p + 24, b->b, 16);
		} else if (nsrc6) {
			b = &src6[rnd(nsrc6)];
			memcpy(p + 8, b->b, 16);
		}
	} else if (len >= 20 && nsrc4) {
		b = &src4[rnd(nsrc4)];
		memcpy(p + 12, b->b, 4);
	}
	return len;
}

static size_t m_ttl(uint8_t *p, size_t len)
{
	if (len >= 40 && p[0] >> 4 == 6)
		p[7] = rnd(3);
	else if (len >= 20)
		p[8] = rnd(3);
	return len;
}

static size_t (*const mutators[])(uint8_t *, size_t) = {
	m_truncate, m_flip, m_flip, m_lie, m_flags, m_csum, m_exthdrs,
	m_proto, m_junk, m_addr, m_ttl,
};

/* Mostly: outer lengths and the IPv4 header checksum right, so that the
 * receive path hands the mutant to the hooks; fragments only if @frag. */
static void fix(uint8_t *p, size_t len, int frag)
{
	size_t ihl;

	if (len >= 40 && p[0] >> 4 == 6) {
		if (chance(90))
			put16(p + 4, len - 40);
	} else if (len >= 20 && p[0] >> 4 == 4) {
		ihl = (p[0] & 15) * 4;
		if (ihl < 20)
			ihl = 20;
		if (chance(90))
			put16(p + 2, len);
		if (!frag) {
			p[6] &= 0x40;
			p[7] = 0;
		}
		if (chance(95) && len >= ihl) {
			put16(p + 10, 0);
			put16(p + 10, csum(p, ihl));
		}
	}
}

static int hexblob(const char *hex, struct blob *b)
{
	size_t n = strlen(hex) / 2, i;
	unsigned int v;

	b->b = malloc(n ? n : 1);
	if (!b->b)
		return -1;
	for (i = 0; i < n; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		b->b[i] = v;
	}
	b->len = n;
	return 0;
}

static int read_seeds(const char *path)
{
	char kind[4], hex[2 * MAXPKT + 2];
	FILE *f = fopen(path, "r");
	struct blob *b;

	if (!f)
		return -1;
	while (fscanf(f, "%3s %8193s", kind, hex) == 2) {
		if (!strcmp(kind, "6") && nseeds[1] < MAXSEED)
			b = &seeds[1][nseeds[1]++];
		else if (!strcmp(kind, "4") && nseeds[0] < MAXSEED)
			b = &seeds[0][nseeds[0]++];
		else if (!strcmp(kind, "s6") && nsrc6 < 64)
			b = &src6[nsrc6++];
		else if (!strcmp(kind, "s4") && nsrc4 < 64)
			b = &src4[nsrc4++];
		else if (!strcmp(kind, "d6") && ndst6 < 64)
			b = &dst6[ndst6++];
		else
			continue;
		if (hexblob(hex, b)) {
			fclose(f);
			return -1;
		}
		if (kind[0] == '6' || kind[0] == '4')
			order[norder++] = b;
	}
	fclose(f);
	return nseeds[0] && nseeds[1] ? 0 : -1;
}

/* A raw socket on @ifname in network namespace @ns. */
static int wire(const char *ns, const char *ifname, struct sockaddr_ll *to)
{
	char path[256];
	int fd, s, home = open("/proc/self/ns/net", O_RDONLY);

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY);
	if (fd < 0 || home < 0 || setns(fd, CLONE_NEWNET))
		return -1;
	s = socket(AF_PACKET, SOCK_RAW, 0);
	memset(to, 0, sizeof(*to));
	to->sll_family = AF_PACKET;
	to->sll_ifindex = if_nametoindex(ifname);
	to->sll_halen = ETH_ALEN;
	if (setns(home, CLONE_NEWNET))
		return -1;
	close(fd);
	close(home);
	return to->sll_ifindex ? s : -1;
}

/*
 * The tap device @name in namespace @ns, attached; its own MAC (the
 * destination its frames need to be taken as the host's) into @mac.
 */
static int tap_attach(const char *ns, const char *name, uint8_t *mac)
{
	int fd = -1, nsfd, home = open("/proc/self/ns/net", O_RDONLY), s;
	char path[256];
	struct ifreq ifr;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	nsfd = open(path, O_RDONLY);
	if (nsfd < 0 || home < 0 || setns(nsfd, CLONE_NEWNET))
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	fd = open("/dev/net/tun", O_RDWR);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || s < 0 || ioctl(fd, TUNSETIFF, &ifr) ||
	    ioctl(s, SIOCGIFHWADDR, &ifr)) {
		close(fd);
		fd = -1;
	} else {
		memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	}
	if (s >= 0)
		close(s);
	if (setns(home, CLONE_NEWNET))
		return -1;
	close(nsfd);
	close(home);
	return fd;
}

static const uint16_t gso_sizes[] = { 1, 7, 8, 88, 536, 1000, 1400, 9000 };
static const uint8_t gso_types[] = {
	VIRTIO_NET_HDR_GSO_NONE, VIRTIO_NET_HDR_GSO_TCPV4,
	VIRTIO_NET_HDR_GSO_UDP, VIRTIO_NET_HDR_GSO_TCPV6,
	5 /* UDP_L4 */, VIRTIO_NET_HDR_GSO_TCPV4 | VIRTIO_NET_HDR_GSO_ECN,
	VIRTIO_NET_HDR_GSO_TCPV6 | VIRTIO_NET_HDR_GSO_ECN,
};

/* Mostly @usual, now and then anything below @range, or anything at all. */
static uint16_t near(uint16_t usual, uint32_t range)
{
	return chance(85) ? usual : chance(70) ? rnd(range) : rnd(65536);
}

/*
 * Offload metadata for an L3 packet of @len bytes behind a 14-byte
 * Ethernet header: mostly what a guest would claim for its transport
 * header (for the right protocol or another), sometimes any value.  Most
 * claims pass the kernel's own checks of a virtio-net header (a GSO
 * size, offsets inside the frame), so that they reach the translator.
 */
static void vnet_lie(struct virtio_net_hdr *h, const uint8_t *p, size_t len)
{
	static const uint16_t offs[] = { 16, 6, 2, 10 };
	size_t l4 = 14 + l4_off(p, len);

	memset(h, 0, sizeof(*h));
	h->flags = chance(80) ? VIRTIO_NET_HDR_F_NEEDS_CSUM :
		   chance(50) ? 0 : rnd(8);
	h->gso_type = chance(95) ? gso_types[rnd(N(gso_types))] : rnd(256);
	if (h->gso_type != VIRTIO_NET_HDR_GSO_NONE)
		h->gso_size = near(gso_sizes[rnd(N(gso_sizes))], 65536);
	h->csum_start = near(l4, len + 14);
	/* The kernel wants the offset its GSO kind implies: mostly that. */
	if ((h->gso_type & 0x7f) == VIRTIO_NET_HDR_GSO_TCPV4 ||
	    (h->gso_type & 0x7f) == VIRTIO_NET_HDR_GSO_TCPV6)
		h->csum_offset = near(16, 64);
	else if (h->gso_type == VIRTIO_NET_HDR_GSO_UDP || h->gso_type == 5)
		h->csum_offset = near(6, 64);
	else
		h->csum_offset = near(offs[rnd(N(offs))], 64);
	h->hdr_len = chance(40) ? 0 : near(l4 + 20 < len + 14 ? l4 + 20 : l4,
					   len + 14);
}

static int parse_mac(const char *text, uint8_t *mac)
{
	unsigned int m[6];
	int i;

	if (sscanf(text, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
		   &m[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = m[i];
	return 0;
}

int main(int argc, char **argv)
{
	struct virtio_net_hdr *vh;
	uint8_t buf[sizeof(*vh) + 14 + MAXPKT], *frame = buf + sizeof(*vh);
	uint8_t *p = frame + 14, mac[2][6], tapmac[6];
	struct sockaddr_ll to[2];
	unsigned long count, sent = 0, deferred = 0, refused = 0, i;
	int s[2], frag, k, rounds, tap = -1;

	vh = (struct virtio_net_hdr *)buf;
	if (argc != 11 && argc != 13) {
		fprintf(stderr, "usage: pktfuzz SEEDS COUNT RNGSEED FRAG NS6 IF6 MAC6 NS4 IF4 MAC4 [NSTAP TAP]\n");
		return 2;
	}
	if (read_seeds(argv[1])) {
		fprintf(stderr, "pktfuzz: bad seed file %s\n", argv[1]);
		return 1;
	}
	count = strtoul(argv[2], NULL, 0);
	rs = strtoull(argv[3], NULL, 0) | 1;
	frag = atoi(argv[4]);
	s[1] = wire(argv[5], argv[6], &to[1]);
	s[0] = wire(argv[8], argv[9], &to[0]);
	if (s[0] < 0 || s[1] < 0 || parse_mac(argv[7], mac[1]) ||
	    parse_mac(argv[10], mac[0])) {
		perror("pktfuzz: wires");
		return 1;
	}
	if (frag == 3) {
		tap = argc == 13 ? tap_attach(argv[11], argv[12], tapmac) : -1;
		if (tap < 0) {
			perror("pktfuzz: tap");
			return 1;
		}
	}
	for (i = 0; i < count * (frag == 2 ? norder : 1); i++) {
		int v6 = chance(50);
		struct blob *b = frag == 2 ? order[i % norder] :
				 &seeds[v6][rnd(nseeds[v6])];
		size_t len = b->len < MAXPKT ? b->len : MAXPKT;

		memcpy(p, b->b, len);
		rounds = frag == 2 ? 0 : 1 + rnd(3);
		if (frag == 2 && chance(20))
			len = m_flip(p, len);
		for (k = 0; k < rounds && len; k++)
			len = mutators[rnd(sizeof(mutators) / sizeof(mutators[0]))](p, len);
		if (!len) {
			p[0] = 0x60;
			len = 1;
		}
		/* Modes 0 and 3 keep fragments out; 1 and 2 send them. */
		fix(p, len, frag == 1 || frag == 2);
		if ((frag == 0 || frag == 3) && has_frag6(p, len)) {
			deferred++;
			continue;
		}
		v6 = p[0] >> 4 == 6;
		memcpy(frame, mac[v6], 6);
		memset(frame + 6, 0x02, 6);
		/* Now and then the EtherType the version nibble does not say. */
		put16(frame + 12, (v6 ^ chance(2)) ? ETHERTYPE_IPV6 : ETHERTYPE_IP);
		if (tap >= 0) {
			memcpy(frame, tapmac, 6);
			vnet_lie(vh, p, len);
			if (write(tap, buf, sizeof(*vh) + 14 + len) < 0) {
				if (errno != EINVAL) {
					perror("pktfuzz: tap write");
					return 1;
				}
				refused++;
				continue;
			}
			sent++;
			continue;
		}
		while (sendto(s[v6], frame, 14 + len, 0, (struct sockaddr *)&to[v6],
			      sizeof(to[v6])) < 0 && errno == ENOBUFS)
			usleep(1000);
		sent++;
	}
	printf("sent %lu deferred %lu refused %lu\n", sent, deferred, refused);
	return 0;
}
