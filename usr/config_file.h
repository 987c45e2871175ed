/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration files (nat64.conf(5)): nat64ctl commands, one a line,
 * read into words, and the lines named in messages.  Also the map from
 * the bytes of the request built of them back to their lines, so that
 * the kernel's word on a bad attribute becomes a file and a line.
 */
#ifndef NAT64CTL_CONFIG_FILE_H
#define NAT64CTL_CONFIG_FILE_H

#include <stddef.h>
#include <stdint.h>

/* A line that holds words: blank lines and comments are not kept. */
struct conf_line {
	unsigned int lineno;	/* from 1 */
	int argc;
	char **argv;		/* into @buf */
	char *buf;
};

struct conf_file {
	const char *name;	/* for messages: the path, or "<stdin>" */
	struct conf_line *lines;
	size_t count;
	size_t size;
};

/*
 * Reads @path ("-": standard input) into @f.  Returns an exit code: 0,
 * EXIT_FAIL if it cannot be read, EXIT_USAGE for a line that cannot be a
 * command (a NUL byte); either has been printed.  conf_free() in any case.
 */
int conf_read(const char *path, struct conf_file *f);
void conf_free(struct conf_file *f);

/*
 * Splits @text in place into words, as the shell's read -ra does: spaces
 * and tabs separate them (carriage returns too, for files from DOS), and
 * a word that starts with '#' starts a comment to the end of the line.
 * *@argv (for free()) gets the words; returns their count, or -1 if
 * memory ran out.
 */
int conf_split(char *text, char ***argv);

/*
 * "Error: FILE:N: <message>." and, on the next line, the line's words
 * indented; without @l, "Error: FILE: <message>.".
 */
void conf_error(const struct conf_file *f, const struct conf_line *l,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same with "Warning: ". */
void conf_warning(const struct conf_file *f, const struct conf_line *l,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The bytes of a request that each line's attributes took: [start, end)
 * from the start of the request's nlmsghdr, as NLMSGERR_ATTR_OFFS counts.
 */
struct conf_range {
	uint32_t start;
	uint32_t end;
	const struct conf_line *line;
};

struct conf_map {
	struct conf_range *ranges;
	size_t count;
	size_t size;
};

/* Adds a range; returns 0, or -1 if memory ran out. */
int conf_map_add(struct conf_map *m, uint32_t start, uint32_t end,
		 const struct conf_line *line);
/* The line of the smallest range holding @offset, or NULL. */
const struct conf_line *conf_map_find(const struct conf_map *m,
				      uint32_t offset);
void conf_map_free(struct conf_map *m);

#endif /* NAT64CTL_CONFIG_FILE_H */
