// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl: configures the nat64 kernel module over generic netlink.
 *
 *	nat64ctl [OPTIONS] OBJECT { COMMAND | help }
 *
 * This file reads the options, finds the object and its command in the
 * tables, and runs it.  Objects live in their own files.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nat64.h>

#include "json_print.h"
#include "nat64ctl.h"
#include "netlink.h"
#include "parse.h"

/* Every object: adding one is its own file plus one line here. */
#define NAT64CTL_OBJECTS(OBJECT) \
	OBJECT(instance) \
	OBJECT(pool4) \
	OBJECT(global) \
	OBJECT(bib) \
	OBJECT(session) \
	OBJECT(stats) \
	OBJECT(monitor) \
	OBJECT(apply) \
	OBJECT(save)

#define DECLARE_OBJECT(name) extern const struct ctl_object ctl_object_##name;
NAT64CTL_OBJECTS(DECLARE_OBJECT)

#define LIST_OBJECT(name) &ctl_object_##name,
static const struct ctl_object *const objects[] = {
	NAT64CTL_OBJECTS(LIST_OBJECT)
};

#include "array_size.h"

struct ctl_opts ctl_opts;

static void message(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];
	size_t len;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	len = strlen(buf);
	fprintf(stderr, "%s: %s%s\n", prefix, buf,
		len && buf[len - 1] == '.' ? "" : ".");
}

void ctl_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("Error", fmt, ap);
	va_end(ap);
}

void ctl_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("Warning", fmt, ap);
	va_end(ap);
}

int ctl_usage_error(void)
{
	ctl_error("%s", parse_error());
	return EXIT_USAGE;
}

void *ctl_grow(void *array, size_t *size, size_t elem, size_t first)
{
	size_t n = *size ? 2 * *size : first;

	if (n > SIZE_MAX / elem)
		return NULL;
	array = realloc(array, n * elem);
	if (array)
		*size = n;
	return array;
}

int ctl_no_args(const char *cmd, int argc, char **argv)
{
	if (!argc)
		return 0;
	parse_fail("%s takes no arguments, not '%s'", cmd,
		   parse_quote(argv[0]));
	return ctl_usage_error();
}

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
		"Usage: nat64ctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       nat64ctl [ OPTIONS ] -b[atch] FILE\n"
		"       nat64ctl help\n"
		"where  OBJECT := {");
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		fprintf(fp, "%s %s", i ? " |" : "", objects[i]->name);
	fprintf(fp, " }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -n[etns] NAME | -h[elp] |\n"
		"                    -V[ersion] }\n"
		"       -batch FILE is 'apply FILE' (see 'nat64ctl apply help')\n"
		"Exit status: 0 done, 1 refused by the kernel or the system, 2 bad usage.\n");
}

static void version(void)
{
	printf("nat64ctl %s (generic netlink family \"%s\", version %u)\n",
	       NAT64_VERSION, NAT64_GENL_NAME, NAT64_GENL_VERSION);
}

/* "-j", "-json" and "--json" are the same option. */
static bool is_option(const char *arg, const char *shrt, const char *lng)
{
	if (!strcmp(arg, shrt))
		return true;
	if (arg[1] == '-')
		arg++;
	return !strcmp(arg + 1, lng);
}

/* Like "ip netns": a plain file name under /run/netns. */
static int check_netns_name(const char *name)
{
	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..") || strlen(name) > 255)
		return parse_fail("invalid network namespace name '%s'",
				  parse_quote(name));
	return 0;
}

/* An option that takes the next word too: 0, or -1 if there is none. */
static int option_value(int *argc, char ***argv, const char *what)
{
	if (*argc < 2) {
		ctl_error("option '%s' needs %s", (*argv)[0], what);
		return -1;
	}
	(*argc)--;
	(*argv)++;
	return 0;
}

/* "-n NAME" */
static int parse_netns(int *argc, char ***argv)
{
	if (option_value(argc, argv, "a network namespace name"))
		return EXIT_USAGE;
	if (check_netns_name((*argv)[0]))
		return ctl_usage_error();
	ctl_opts.netns = (*argv)[0];
	return -1;
}

/* "-batch FILE", as in ip and nft: the same as "apply FILE". */
static int parse_batch(int *argc, char ***argv)
{
	if (option_value(argc, argv, "a FILE ('-' for standard input)"))
		return EXIT_USAGE;
	ctl_opts.batch = (*argv)[0];
	return -1;
}

/* The option at (*argv)[0]: -1 to go on, or the exit code to end with. */
static int parse_option(int *argc, char ***argv)
{
	const char *opt = (*argv)[0];

	if (is_option(opt, "-j", "json")) {
		ctl_opts.json = true;
		return -1;
	}
	if (is_option(opt, "-p", "pretty")) {
		ctl_opts.json = true;
		ctl_opts.pretty = true;
		return -1;
	}
	if (is_option(opt, "-n", "netns"))
		return parse_netns(argc, argv);
	if (is_option(opt, "-b", "batch"))
		return parse_batch(argc, argv);
	if (is_option(opt, "-h", "help")) {
		usage(stderr);
		return EXIT_OK;
	}
	if (is_option(opt, "-V", "version") || !strcmp(opt, "-Version")) {
		version();
		return EXIT_OK;
	}
	ctl_error("unknown option '%s'; try 'nat64ctl -help'",
		  parse_quote(opt));
	return EXIT_USAGE;
}

/*
 * Reads the options before OBJECT.  Returns -1 to go on, or the exit code
 * when the run ends here (help, version, a bad option).
 */
static int parse_options(int *argc, char ***argv)
{
	int ret;

	while (*argc && (*argv)[0][0] == '-') {
		ret = parse_option(argc, argv);
		if (ret >= 0)
			return ret;
		(*argc)--;
		(*argv)++;
	}
	return -1;
}

static const struct ctl_object *find_object(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (!strcmp(objects[i]->name, name))
			return objects[i];
	return NULL;
}

static const struct ctl_cmd *find_cmd(const struct ctl_object *obj,
				      const char *name)
{
	const struct ctl_cmd *cmd;

	for (cmd = obj->cmds; cmd->name; cmd++)
		if (!strcmp(cmd->name, name))
			return cmd;
	return NULL;
}

/* Runs the command; output goes through json_print, flushed at the end. */
static int run(const struct ctl_cmd *cmd, int argc, char **argv)
{
	int ret;

	print_start(stdout, ctl_opts.json, ctl_opts.pretty);
	ret = cmd->run(argc, argv);
	nat64_close();
	if (print_end() && !ret) {
		ctl_error("cannot write the output: %s", strerror(errno));
		ret = EXIT_FAIL;
	}
	return ret;
}

/* An object that is a command of its own: every word is its. */
static int run_object(const struct ctl_object *obj, int argc, char **argv)
{
	const struct ctl_cmd cmd = { obj->name, obj->run };

	if (argc && !strcmp(argv[0], "help")) {
		obj->usage(stderr);
		return EXIT_OK;
	}
	return run(&cmd, argc, argv);
}

/*
 * -batch FILE: "apply FILE", which nothing may follow; FILE is a file
 * even if it is called "help".
 */
static int run_batch(int argc, char **argv)
{
	const struct ctl_object *apply = find_object("apply");
	const struct ctl_cmd cmd = { apply->name, apply->run };

	if (argc) {
		ctl_error("nothing may follow '-batch FILE', not '%s'",
			  parse_quote(argv[0]));
		return EXIT_USAGE;
	}
	return run(&cmd, 1, &ctl_opts.batch);
}

static int dispatch(const struct ctl_object *obj, int argc, char **argv)
{
	const struct ctl_cmd *cmd;

	if (obj->run)
		return run_object(obj, argc, argv);

	if (!argc && obj->default_cmd)
		return run(find_cmd(obj, obj->default_cmd), 0, argv);
	if (!argc) {
		obj->usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help")) {
		obj->usage(stderr);
		return EXIT_OK;
	}
	cmd = find_cmd(obj, argv[0]);
	if (!cmd) {
		ctl_error("unknown %s command '%s'; try 'nat64ctl %s help'",
			  obj->name, parse_quote(argv[0]), obj->name);
		obj->usage(stderr);
		return EXIT_USAGE;
	}
	return run(cmd, argc - 1, argv + 1);
}

int nat64ctl(int argc, char **argv)
{
	const struct ctl_object *obj;
	int ret;

	memset(&ctl_opts, 0, sizeof(ctl_opts));
	argc--;
	argv++;
	ret = parse_options(&argc, &argv);
	if (ret >= 0)
		return ret;
	if (ctl_opts.batch)
		return run_batch(argc, argv);
	if (!argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help")) {
		usage(stderr);
		return EXIT_OK;
	}
	obj = find_object(argv[0]);
	if (!obj) {
		ctl_error("unknown object '%s'; try 'nat64ctl help'",
			  parse_quote(argv[0]));
		usage(stderr);
		return EXIT_USAGE;
	}
	return dispatch(obj, argc - 1, argv + 1);
}

#ifndef NAT64CTL_NO_MAIN
int main(int argc, char **argv)
{
	return nat64ctl(argc, argv);
}
#endif
