// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the nat64ctl unit tests (see ctl_test.h). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_test.h"
#include "nat64ctl.h"

int test_failed;

void pass(const char *name)
{
	printf("PASS  %s: %s\n", test_suite, name);
}

void fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL  %s: %s: ", test_suite, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	test_failed++;
}

void expect_true(const char *name, bool cond, const char *why)
{
	if (cond)
		pass(name);
	else
		fail(name, "%s", why);
}

void expect_str(const char *name, const char *got, const char *want)
{
	size_t i;

	if (!strcmp(got, want)) {
		pass(name);
		return;
	}
	for (i = 0; got[i] && got[i] == want[i]; i++)
		;
	fail(name, "got \"%s\", expected \"%s\" (they differ at byte %zu)",
	     got, want, i);
}

int split(char *line, char **argv, int max)
{
	int argc = 0;
	char *word;

	for (word = strtok(line, " "); word && argc < max;
	     word = strtok(NULL, " "))
		argv[argc++] = word;
	return argc;
}

/* Reads back what was written to @fp, from the start. */
static void slurp(FILE *fp, char *buf, size_t size)
{
	size_t n;

	rewind(fp);
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
}

int run_argv(char **argv, char *out, char *err, size_t size)
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	int so, se, argc, ret;

	if (!fo || !fe)
		abort();
	for (argc = 0; argv[argc]; argc++)
		;
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	ret = nat64ctl(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	slurp(fo, out, size);
	slurp(fe, err, size);
	fclose(fo);
	fclose(fe);
	return ret;
}

int run_line(const char *line, char *out, char *err, size_t size)
{
	char buf[1024], *argv[66];
	int argc;

	snprintf(buf, sizeof(buf), "%s", line);
	argv[0] = "nat64ctl";
	argc = split(buf, argv + 1, 64) + 1;
	argv[argc] = NULL;
	return run_argv(argv, out, err, size);
}

void expect_run(const char *line, int want_ret, const char *want_err,
		const char *want_out)
{
	char out[16384], err[16384], name[1100];
	size_t len = strlen(want_err);
	bool prefix = len >= 3 && !strcmp(want_err + len - 3, "...");
	int ret = run_line(line, out, err, sizeof(out));

	snprintf(name, sizeof(name), "run 'nat64ctl %s'", line);
	if (prefix)
		len -= 3;
	else
		len = strlen(err) > len ? strlen(err) : len;
	if (ret != want_ret)
		fail(name, "exit %d, expected %d (stderr \"%s\")", ret,
		     want_ret, err);
	else if (strncmp(err, want_err, len))
		fail(name, "stderr \"%s\", expected %s\"%.*s\"", err,
		     prefix ? "it to start with " : "", (int)len, want_err);
	else if (strcmp(out, want_out))
		fail(name, "stdout \"%s\", expected \"%s\"", out, want_out);
	else
		pass(name);
}
