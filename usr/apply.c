// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl apply [ check ] FILE, and nat64ctl -batch FILE: makes the
 * namespace's NAT64 what a configuration file (nat64.conf(5)) describes,
 * in one CONFIG_APPLY request that the kernel checks whole and then
 * carries out all or nothing.
 *
 * Every line goes through the parser of its command, so a line means in
 * the file what it means on the command line; all are checked before the
 * socket is opened.  The request remembers which bytes each line wrote,
 * so that the attribute the kernel blames becomes a line of the file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nat64.h>

#include "bib.h"
#include "config_file.h"
#include "global.h"
#include "instance.h"
#include "nat64ctl.h"
#include "netlink.h"
#include "parse.h"
#include "pool4.h"

/* The commands that describe a configuration, all of them "add"s. */
enum conf_kind { CONF_INSTANCE, CONF_POOL4, CONF_BIB, CONF_GLOBAL };

static const struct {
	const char *object;
	const char *cmd;
} kinds[] = {
	[CONF_INSTANCE] = { "instance", "add" },
	[CONF_POOL4] = { "pool4", "add" },
	[CONF_BIB] = { "bib", "add" },
	[CONF_GLOBAL] = { "global", "set" },
};

#include "array_size.h"

/* A line read by its command's parser; global set lines are merged. */
struct conf_entry {
	const struct conf_line *line;
	enum conf_kind kind;
	union {
		struct instance_req instance;
		struct pool4_req pool4;
		struct bib_req bib;
	};
};

struct conf {
	struct conf_file file;
	struct conf_entry *entries;	/* one per line but global set */
	size_t count;
	const struct conf_entry *instance;
	struct global_req globals;	/* every global set line's keys */
	const struct conf_line *global_line[__NAT64_GLOBAL_A_MAX];
	bool check;
};

/* The line's kind, or -1 if its command describes no configuration. */
static int line_kind(const struct conf_line *l)
{
	size_t k;

	for (k = 0; k < ARRAY_SIZE(kinds); k++)
		if (l->argc >= 2 && !strcmp(l->argv[0], kinds[k].object) &&
		    !strcmp(l->argv[1], kinds[k].cmd))
			return k;
	return -1;
}

/*
 * Merges the keys of a global set line.  A key set on two lines would
 * leave one of them silently unused: refused, naming both.
 */
static int merge_globals(struct conf *c, const struct conf_line *l,
			 const struct global_req *req)
{
	unsigned int attr;

	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		if (req->set[attr] && c->global_line[attr]) {
			conf_error(&c->file, l, "%s is set on line %u already",
				   global_key_name(attr),
				   c->global_line[attr]->lineno);
			return -1;
		}
	}
	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		if (!req->set[attr])
			continue;
		c->globals.set[attr] = true;
		c->globals.value[attr] = req->value[attr];
		c->global_line[attr] = l;
	}
	return 0;
}

/* The one instance add line. */
static int keep_instance(struct conf *c, struct conf_entry *e)
{
	if (c->instance) {
		conf_error(&c->file, e->line,
			   "the instance is added on line %u already; a configuration has one",
			   c->instance->line->lineno);
		return -1;
	}
	c->instance = e;
	return 0;
}

/* Line @l through its command's parser; -1 after saying why not. */
static int parse_line(struct conf *c, const struct conf_line *l)
{
	struct conf_entry *e = &c->entries[c->count];
	int argc = l->argc - 2, kind = line_kind(l);
	char **argv = l->argv + 2;
	struct global_req globals;
	int err;

	if (kind < 0) {
		conf_error(&c->file, l,
			   "only instance add, pool4 add, bib add and global set can describe a configuration");
		return -1;
	}
	e->line = l;
	e->kind = kind;
	if (kind == CONF_INSTANCE)
		err = instance_parse_add(argc, argv, &e->instance);
	else if (kind == CONF_POOL4)
		err = pool4_parse("add", argc, argv, &e->pool4);
	else if (kind == CONF_BIB)
		err = bib_parse("add", argc, argv, &e->bib);
	else
		err = global_parse_set(argc, argv, &globals);
	if (err) {
		conf_error(&c->file, l, "%s", parse_error());
		return -1;
	}
	if (kind == CONF_GLOBAL)
		return merge_globals(c, l, &globals);
	if (kind == CONF_INSTANCE && keep_instance(c, e))
		return -1;
	c->count++;
	return 0;
}

/*
 * Every line, every error said (fixing a file should not take a run per
 * mistake).  Returns an exit code.
 */
static int parse_file(struct conf *c)
{
	bool bad = false;
	size_t i;

	c->entries = calloc(c->file.count + 1, sizeof(*c->entries));
	if (!c->entries) {
		ctl_error("%s", strerror(ENOMEM));
		return EXIT_FAIL;
	}
	for (i = 0; i < c->file.count; i++)
		if (parse_line(c, &c->file.lines[i]))
			bad = true;
	if (!c->instance && !bad) {
		conf_error(&c->file, NULL,
			   "no 'instance add pool6 PREFIX6' line; a configuration needs one");
		bad = true;
	}
	return bad ? EXIT_USAGE : EXIT_OK;
}

/* The request being written, and which line wrote which bytes. */
struct request {
	struct nl_msg *msg;
	struct conf_map map;
	bool nomem;		/* the map could not grow */
};

static uint32_t tail(const struct request *r)
{
	return nlmsg_hdr(r->msg)->nlmsg_len;
}

/* Line @l wrote from @start to the end: the message is kept aligned. */
static int mark(struct request *r, uint32_t start, const struct conf_line *l)
{
	if (conf_map_add(&r->map, start, tail(r), l)) {
		r->nomem = true;
		return -1;
	}
	return 0;
}

/*
 * Room for every attribute at its largest: a bib nest (the largest entry:
 * PROTO, ADDR6, PORT6, ADDR4, PORT4) per line, each global key once, and
 * the headers around them.
 */
static size_t request_size(const struct conf *c)
{
	size_t entry = NLA_HDRLEN + nla_total_size(sizeof(uint8_t)) +
		       nla_total_size(sizeof(struct in6_addr)) +
		       nla_total_size(sizeof(struct in_addr)) +
		       2 * nla_total_size(sizeof(uint16_t));

	return NLMSG_HDRLEN + GENL_HDRLEN + 512 + c->count * entry +
	       NAT64_GLOBAL_A_MAX * nla_total_size(sizeof(uint32_t));
}

/*
 * The line of every global set key, or NULL if they come from more than
 * one line (or none).
 */
static const struct conf_line *globals_line(const struct conf *c)
{
	const struct conf_line *l = NULL;
	unsigned int attr;

	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		if (!c->global_line[attr])
			continue;
		if (l && l != c->global_line[attr])
			return NULL;
		l = c->global_line[attr];
	}
	return l;
}

/*
 * Each key is its line's.  The kernel blames the nest itself for what
 * no one key is at fault for (subscriber-prefix-len while BIB entries
 * exist): that names a line only if every key is of that line.
 */
static int put_globals(struct request *r, const struct conf *c)
{
	const struct conf_line *whole = globals_line(c);
	uint32_t nest_start = tail(r), start;
	struct nlattr *nest;
	unsigned int attr;

	/* No global set line: every key goes back to its default. */
	if (!memchr(c->globals.set, true, sizeof(c->globals.set)))
		return 0;
	nest = nla_nest_start(r->msg, NAT64_A_GLOBALS | NLA_F_NESTED);
	if (!nest)
		return -1;
	for (attr = 1; attr <= NAT64_GLOBAL_A_MAX; attr++) {
		if (!c->globals.set[attr])
			continue;
		start = tail(r);
		if (global_put_attr(r->msg, &c->globals, attr) < 0 ||
		    mark(r, start, c->global_line[attr]))
			return -1;
	}
	nla_nest_end(r->msg, nest);
	return whole ? mark(r, nest_start, whole) : 0;
}

/* The entries of @kind, in the order of the file. */
static int put_entries(struct request *r, const struct conf *c,
		       enum conf_kind kind)
{
	const struct conf_entry *e;
	uint32_t start;
	int err = 0;

	for (e = c->entries; e < c->entries + c->count; e++) {
		if (e->kind != kind)
			continue;
		start = tail(r);
		if (kind == CONF_INSTANCE)
			err = instance_put(r->msg, NAT64_A_INSTANCE,
					   &e->instance);
		else if (kind == CONF_POOL4)
			err = pool4_put_entry(r->msg, NAT64_A_POOL4,
					      &e->pool4);
		else
			err = bib_put_entry(r->msg, NAT64_A_BIB,
					    &e->bib);
		if (err < 0 || mark(r, start, e->line))
			return -1;
	}
	return 0;
}

/*
 * INSTANCE GLOBALS? POOL4* BIB* CONFIG_CHECK?, all at the top level: the
 * message may be far longer than the 64 KiB a nest can hold.
 */
static int build(struct request *r, const struct conf *c)
{
	return put_entries(r, c, CONF_INSTANCE) || put_globals(r, c) ||
	       put_entries(r, c, CONF_POOL4) || put_entries(r, c, CONF_BIB) ||
	       (c->check && nla_put_flag(r->msg, NAT64_A_CONFIG_CHECK) < 0) ?
	       -1 : 0;
}

/* The request could not be written; nothing was sent. */
static int build_failed(struct request *r)
{
	conf_map_free(&r->map);
	if (r->nomem) {
		nlmsg_free(r->msg);
		ctl_error("%s", strerror(ENOMEM));
		return EXIT_FAIL;
	}
	return nat64_msg_abort(r->msg);
}

/* The kernel's refusal, at the line of the attribute it blames if any. */
static void report(const struct conf *c, const struct request *r,
		   const struct nat64_ack *ack)
{
	const struct conf_line *l = NULL;
	char buf[256];

	if (ack->error == -EMSGSIZE && !ack->msg[0]) {
		conf_error(&c->file, NULL,
			   "configuration too large for the netlink send buffer (%u bytes)",
			   tail(r));
		return;
	}
	if (ack->has_offs)
		l = conf_map_find(&r->map, ack->offs);
	conf_error(&c->file, l, "%s", nat64_ack_reason(ack, buf, sizeof(buf)));
}

static int send_conf(const struct conf *c)
{
	struct request r = { .msg = NULL };
	struct nat64_ack ack;
	int ret;

	r.msg = nat64_msg_size(NAT64_CMD_CONFIG_APPLY, request_size(c));
	if (!r.msg)
		return EXIT_FAIL;
	if (build(&r, c))
		return build_failed(&r);
	/* Sending frees the request: keep it, its length goes in messages. */
	nlmsg_get(r.msg);
	ret = nat64_request_ack(r.msg, NULL, NULL, &ack);
	if (ack.error)
		report(c, &r, &ack);
	else if (!ret && ack.msg[0])
		conf_warning(&c->file, ack.has_offs ?
			     conf_map_find(&r.map, ack.offs) : NULL,
			     "%s", ack.msg);
	nlmsg_free(r.msg);
	conf_map_free(&r.map);
	return ret;
}

/* The whole of apply: read, parse, send.  Returns an exit code. */
static int apply_file(const char *path, bool check)
{
	struct conf c = { .check = check };
	int ret;

	ret = conf_read(path, &c.file);
	if (!ret)
		ret = parse_file(&c);
	if (!ret)
		ret = send_conf(&c);
	free(c.entries);
	conf_free(&c.file);
	return ret;
}

/*
 * FILE is always the last word, so that a file may be called "check" and
 * "nat64ctl -batch FILE" can run "apply FILE" whatever FILE is.
 */
static int apply_run(int argc, char **argv)
{
	if (!argc) {
		parse_fail("apply needs a FILE ('-' for standard input)");
		return ctl_usage_error();
	}
	if (argc == 2 && strcmp(argv[0], "check")) {
		parse_fail("unknown apply argument '%s'; expected 'check'",
			   parse_quote(argv[0]));
		return ctl_usage_error();
	}
	if (argc > 2) {
		parse_fail("apply takes [ check ] FILE, not also '%s'",
			   parse_quote(argv[2]));
		return ctl_usage_error();
	}
	return apply_file(argv[argc - 1], argc == 2);
}

static void apply_usage(FILE *fp)
{
	fprintf(fp,
		"Usage: nat64ctl apply [ check ] FILE\n"
		"       nat64ctl -batch FILE\n"
		"       nat64ctl apply help\n"
		"where  FILE := a configuration (nat64.conf(5)), '-' for standard input:\n"
		"               instance add, pool4 add, bib add and global set lines\n"
		"       apply makes the NAT64 what FILE describes, all or nothing;\n"
		"       check checks FILE against the running NAT64 and changes nothing\n");
}

const struct ctl_object ctl_object_apply = {
	.name = "apply",
	.usage = apply_usage,
	.run = apply_run,
};
