/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every part of nat64ctl shares: exit codes, the run-time options and
 * the object/command dispatch types.
 */
#ifndef NAT64CTL_H
#define NAT64CTL_H

#include <stdbool.h>
#include <stdio.h>


/* Exit codes (documented in nat64ctl.8). */
#define EXIT_OK		0	/* done */
#define EXIT_FAIL	1	/* the kernel (or the system) said no */
#define EXIT_USAGE	2	/* bad command line: nothing was sent */

/* Options given before OBJECT. */
struct ctl_opts {
	bool json;
	bool pretty;
	const char *netns;	/* /run/netns/NAME, or NULL for our own */
	char *batch;		/* -batch FILE: "apply FILE"; or NULL */
};

extern struct ctl_opts ctl_opts;

/*
 * A command of an object: gets the words after the command name and
 * returns an exit code.  Commands parse everything before they open the
 * netlink socket, so a usage error never touches the kernel.
 */
struct ctl_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
};

/*
 * An object (instance, pool4, ...).  Adding one takes its own file that
 * defines "const struct ctl_object ctl_object_NAME" plus one line in the
 * NAT64CTL_OBJECTS list in nat64ctl.c.  An object that is a command of
 * its own (apply, save) has @run instead of @cmds: it gets every word
 * after its name but "help".
 */
struct ctl_object {
	const char *name;
	void (*usage)(FILE *fp);	/* the "Usage:" block for help */
	const struct ctl_cmd *cmds;	/* ends with a NULL name */
	const char *default_cmd;	/* run without a command; or usage */
	int (*run)(int argc, char **argv);
};

/* "Error: <message>." on stderr; the period is added unless present. */
void ctl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "Warning: <message>." on stderr, same rule. */
void ctl_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The parse error recorded by parse.c, printed; returns EXIT_USAGE. */
int ctl_usage_error(void);

/*
 * Room for more in a growing array of @elem-byte elements, which holds
 * *@size of them (all in use): @array doubled (or made @first long), and
 * *@size updated; NULL, the array untouched, if memory ran out.
 */
void *ctl_grow(void *array, size_t *size, size_t elem, size_t first);

/* Refuses (with a message) extra words after @cmd, which takes none. */
int ctl_no_args(const char *cmd, int argc, char **argv);

/* The whole tool; main() only calls this (the unit tests call it too). */
int nat64ctl(int argc, char **argv);

#endif /* NAT64CTL_H */
