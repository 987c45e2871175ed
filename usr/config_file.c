// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration files: reading, splitting into words, naming lines in
 * messages, and mapping request bytes back to lines (see config_file.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"
#include "nat64ctl.h"

/* How much of a line a message shows; a longer one ends in "...". */
#define LINE_SHOWN	160

/* '\n' too, for text that did not come from conf_read(). */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int add_word(char ***words, size_t *size, size_t n, char *word)
{
	char **w = *words;

	if (n == *size) {
		w = ctl_grow(w, size, sizeof(*w), 8);
		if (!w)
			return -1;
		*words = w;
	}
	w[n] = word;
	return 0;
}

int conf_split(char *text, char ***argv)
{
	char **words = NULL, *p = text;
	size_t n = 0, size = 0;

	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			break;
		if (add_word(&words, &size, n, p)) {
			free(words);
			return -1;
		}
		n++;
		while (*p && !is_blank(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	*argv = words;
	return n;
}

static int no_memory(void)
{
	ctl_error("%s", strerror(ENOMEM));
	return EXIT_FAIL;
}

/* Keeps line @lineno, @text, if it holds a word. */
static int keep_line(struct conf_file *f, unsigned int lineno,
		     const char *text)
{
	struct conf_line l = { .lineno = lineno };

	l.buf = strdup(text);
	if (!l.buf)
		return no_memory();
	l.argc = conf_split(l.buf, &l.argv);
	if (l.argc <= 0) {
		free(l.buf);
		return l.argc < 0 ? no_memory() : EXIT_OK;
	}
	if (f->count == f->size) {
		struct conf_line *lines = ctl_grow(f->lines, &f->size,
						   sizeof(*lines), 64);

		if (!lines) {
			free(l.argv);
			free(l.buf);
			return no_memory();
		}
		f->lines = lines;
	}
	f->lines[f->count++] = l;
	return EXIT_OK;
}

/* Every line of @fp; stops at the first that cannot be kept. */
static int read_lines(struct conf_file *f, FILE *fp)
{
	unsigned int lineno = 0;
	size_t cap = 0;
	char *text = NULL;
	ssize_t len;
	int ret = EXIT_OK;

	while (!ret && (len = getline(&text, &cap, fp)) >= 0) {
		lineno++;
		/* A NUL would cut the line short without a word said. */
		if (memchr(text, '\0', len)) {
			ctl_error("%s:%u: the line holds a NUL byte", f->name,
				  lineno);
			ret = EXIT_USAGE;
		} else {
			ret = keep_line(f, lineno, text);
		}
	}
	free(text);
	if (!ret && ferror(fp)) {
		ctl_error("cannot read %s: %s", f->name, strerror(errno));
		ret = EXIT_FAIL;
	}
	return ret;
}

int conf_read(const char *path, struct conf_file *f)
{
	bool std = !strcmp(path, "-");
	FILE *fp;
	int ret;

	memset(f, 0, sizeof(*f));
	f->name = std ? "<stdin>" : path;
	fp = std ? stdin : fopen(path, "r");
	if (!fp) {
		ctl_error("cannot read %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	errno = 0;
	ret = read_lines(f, fp);
	if (!std)
		fclose(fp);
	return ret;
}

void conf_free(struct conf_file *f)
{
	size_t i;

	for (i = 0; i < f->count; i++) {
		free(f->lines[i].argv);
		free(f->lines[i].buf);
	}
	free(f->lines);
	memset(f, 0, sizeof(*f));
}

/* The words of @l, one space apart, printable, cut if very long. */
static const char *line_text(const struct conf_line *l, char *buf,
			     size_t size)
{
	size_t len = 0, i;
	int w;

	buf[0] = '\0';
	for (w = 0; w < l->argc && len < size; w++)
		len += snprintf(buf + len, size - len, "%s%s", w ? " " : "",
				l->argv[w]);
	if (len >= size)
		strcpy(buf + size - 4, "...");
	/* Control characters could rewrite the terminal. */
	for (i = 0; buf[i]; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	return buf;
}

static void conf_message(void (*say)(const char *fmt, ...),
			 const struct conf_file *f, const struct conf_line *l,
			 const char *fmt, va_list ap)
{
	char msg[1024], text[LINE_SHOWN + 1];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!l) {
		say("%s: %s", f->name, msg);
		return;
	}
	say("%s:%u: %s", f->name, l->lineno, msg);
	fprintf(stderr, "  %s\n", line_text(l, text, sizeof(text)));
}

void conf_error(const struct conf_file *f, const struct conf_line *l,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_message(ctl_error, f, l, fmt, ap);
	va_end(ap);
}

void conf_warning(const struct conf_file *f, const struct conf_line *l,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_message(ctl_warning, f, l, fmt, ap);
	va_end(ap);
}

int conf_map_add(struct conf_map *m, uint32_t start, uint32_t end,
		 const struct conf_line *line)
{
	if (m->count == m->size) {
		struct conf_range *r = ctl_grow(m->ranges, &m->size,
						sizeof(*r), 64);

		if (!r)
			return -1;
		m->ranges = r;
	}
	m->ranges[m->count++] = (struct conf_range){ start, end, line };
	return 0;
}

/*
 * A range may hold others (the GLOBALS nest, when one line set every
 * key, holds the ranges of its keys), and a line's attribute inside
 * another line's nest must name the line that wrote that attribute:
 * the smallest range holding the offset wins.
 */
const struct conf_line *conf_map_find(const struct conf_map *m,
				      uint32_t offset)
{
	const struct conf_range *best = NULL;
	size_t i;

	for (i = 0; i < m->count; i++) {
		const struct conf_range *r = &m->ranges[i];

		if (offset < r->start || offset >= r->end)
			continue;
		if (!best || r->end - r->start < best->end - best->start)
			best = r;
	}
	return best ? best->line : NULL;
}

void conf_map_free(struct conf_map *m)
{
	free(m->ranges);
	memset(m, 0, sizeof(*m));
}
