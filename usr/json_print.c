// SPDX-License-Identifier: GPL-2.0
/*
 * The text/JSON printer (see json_print.h).  JSON is written as it goes,
 * so output is stable (keys in call order) and needs no memory; all this
 * file remembers is, per open container, whether it has a member yet, to
 * know where the commas go.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include "json_print.h"

/* Deeper than any nat64ctl output; going deeper is a bug, not input. */
#define MAX_DEPTH	8
#define INDENT		"    "

static struct {
	FILE *fp;
	bool json;
	bool pretty;
	bool printed;		/* anything: JSON then ends with '\n' */
	unsigned int depth;
	bool has_members[MAX_DEPTH];
} out;

void print_start(FILE *fp, bool json, bool pretty)
{
	out.fp = fp;
	out.json = json;
	out.pretty = pretty;
	out.printed = false;
	out.depth = 0;
}

int print_end(void)
{
	if (out.json && out.printed)
		fputc('\n', out.fp);
	if (fflush(out.fp) || ferror(out.fp))
		return -1;
	return 0;
}

int print_line_end(void)
{
	/* JSON: the record is whole only at depth 0. */
	if (out.json && out.depth)
		abort();
	fputc('\n', out.fp);
	out.printed = false;
	if (fflush(out.fp) || ferror(out.fp))
		return -1;
	return 0;
}

bool print_is_json(void)
{
	return out.json;
}

static bool wanted(enum print_type type)
{
	return type & (out.json ? PRINT_JSON : PRINT_TEXT);
}

/* A JSON string, with everything RFC 8259 requires escaped. */
static void json_string(const char *s)
{
	fputc('"', out.fp);
	for (; *s; s++) {
		unsigned char c = *s;

		switch (c) {
		case '"':
			fputs("\\\"", out.fp);
			break;
		case '\\':
			fputs("\\\\", out.fp);
			break;
		case '\n':
			fputs("\\n", out.fp);
			break;
		case '\r':
			fputs("\\r", out.fp);
			break;
		case '\t':
			fputs("\\t", out.fp);
			break;
		default:
			if (c < 0x20)
				fprintf(out.fp, "\\u%04x", c);
			else
				fputc(c, out.fp);
		}
	}
	fputc('"', out.fp);
}

static void newline_indent(unsigned int depth)
{
	fputc('\n', out.fp);
	while (depth--)
		fputs(INDENT, out.fp);
}

/* The comma (if not first), the indentation and the key before a value. */
static void json_member(const char *key)
{
	out.printed = true;
	if (out.depth) {
		if (out.has_members[out.depth - 1])
			fputc(',', out.fp);
		out.has_members[out.depth - 1] = true;
		if (out.pretty)
			newline_indent(out.depth);
	}
	if (key) {
		json_string(key);
		fputs(out.pretty ? ": " : ":", out.fp);
	}
}

static void json_open(const char *key, char bracket)
{
	if (!out.json)
		return;
	if (out.depth == MAX_DEPTH)
		abort();
	json_member(key);
	fputc(bracket, out.fp);
	out.has_members[out.depth++] = false;
}

static void json_close(char bracket)
{
	if (!out.json)
		return;
	if (!out.depth)
		abort();
	out.depth--;
	/* An empty container stays on one line: "[]". */
	if (out.pretty && out.has_members[out.depth])
		newline_indent(out.depth);
	fputc(bracket, out.fp);
}

void print_open_object(const char *key)
{
	json_open(key, '{');
}

void print_close_object(void)
{
	json_close('}');
}

void print_open_array(const char *key)
{
	json_open(key, '[');
}

void print_close_array(void)
{
	json_close(']');
}

void print_uint(enum print_type type, const char *key, const char *fmt,
		unsigned int value)
{
	if (!wanted(type))
		return;
	if (out.json) {
		json_member(key);
		fprintf(out.fp, "%u", value);
	} else if (fmt) {
		fprintf(out.fp, fmt, value);
	}
}

void print_u64(enum print_type type, const char *key, const char *fmt,
	       uint64_t value)
{
	if (!wanted(type))
		return;
	if (out.json) {
		json_member(key);
		fprintf(out.fp, "%" PRIu64, value);
	} else if (fmt) {
		fprintf(out.fp, fmt, value);
	}
}

void print_string(enum print_type type, const char *key, const char *fmt,
		  const char *value)
{
	if (!wanted(type))
		return;
	if (out.json) {
		json_member(key);
		json_string(value);
	} else if (fmt) {
		fprintf(out.fp, fmt, value);
	}
}

void print_onoff(enum print_type type, const char *key, const char *fmt,
		 bool value)
{
	if (!wanted(type))
		return;
	if (out.json) {
		json_member(key);
		fputs(value ? "true" : "false", out.fp);
	} else if (fmt) {
		fprintf(out.fp, fmt, value ? "on" : "off");
	}
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (out.json)
		return;
	va_start(ap, fmt);
	vfprintf(out.fp, fmt, ap);
	va_end(ap);
}
