/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the nat64ctl unit tests (test_ctl_*.c). */
#ifndef NAT64CTL_TEST_H
#define NAT64CTL_TEST_H

#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Names this binary in "PASS  <suite>: name" lines, e.g. "ctl-parse". */
extern const char *test_suite;
extern int test_failed;

void pass(const char *name);
void fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void expect_true(const char *name, bool cond, const char *why);
/* Compares whole strings; says where they differ. */
void expect_str(const char *name, const char *got, const char *want);

/* Splits @line on spaces into @argv (at most @max words); returns argc. */
int split(char *line, char **argv, int max);

/*
 * Runs nat64ctl("nat64ctl " + @line) with stdout and stderr captured
 * into @out and @err (@size bytes each); returns its exit code.
 */
int run_line(const char *line, char *out, char *err, size_t size);
int run_argv(char **argv, char *out, char *err, size_t size);

/*
 * Checks a run: exit code, all of stderr (or how it starts, if @want_err
 * ends with "..."), and all of stdout.
 */
void expect_run(const char *line, int want_ret, const char *want_err,
		const char *want_out);

#endif /* NAT64CTL_TEST_H */
