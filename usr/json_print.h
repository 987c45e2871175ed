/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One output path for text and JSON.  Every value is printed once, with
 * both its JSON key and its text format:
 *
 *	print_uint(PRINT_ANY, "udp-timeout", "udp-timeout %u\n", v);
 *
 * In text mode the format is printed (it must hold exactly one conversion
 * of the right type, or none for print_text()); in JSON mode the key and
 * the value are.  PRINT_TEXT and PRINT_JSON limit a call to one mode.
 */
#ifndef NAT64CTL_JSON_PRINT_H
#define NAT64CTL_JSON_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum print_type {
	PRINT_TEXT = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};

/* Starts a document on @fp; @pretty indents JSON. */
void print_start(FILE *fp, bool json, bool pretty);
/* Ends it (JSON: a newline if anything was printed); -1 if writing failed. */
int print_end(void);
bool print_is_json(void);
/*
 * Ends one record of a stream that prints a line per record (NDJSON with
 * -j) and flushes it, so a reader at the other end of a pipe sees it now;
 * -1 if writing failed.
 */
int print_line_end(void);

/* Containers exist in JSON only; @key is NULL at top level and in arrays. */
void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);

void print_uint(enum print_type type, const char *key, const char *fmt,
		unsigned int value) __attribute__((format(printf, 3, 0)));
/* Counters: a "%" PRIu64 format. */
void print_u64(enum print_type type, const char *key, const char *fmt,
	       uint64_t value) __attribute__((format(printf, 3, 0)));
void print_string(enum print_type type, const char *key, const char *fmt,
		  const char *value) __attribute__((format(printf, 3, 0)));
/* A switch: "on"/"off" through a "%s" format in text, true/false in JSON. */
void print_onoff(enum print_type type, const char *key, const char *fmt,
		 bool value) __attribute__((format(printf, 3, 0)));
/* Text-only literal text, such as a separator. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* NAT64CTL_JSON_PRINT_H */
