/* jsonl.c - read and write newline-delimited JSON, one object a line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"

struct json_object *
jsonl_parse(const char *s, size_t len, const char **why)
{
	struct json_tokener *tok;
	struct json_object *o;
	enum json_tokener_error jerr;
	size_t off;

	*why = NULL;
	if (memchr(s, '\0', len) != NULL) {
		*why = "NUL byte in line";
		return NULL;
	}
	tok = json_tokener_new_ex(64);
	if (tok == NULL)
		die(EX_FAIL, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s, (int)(len > 0x7fffffff ? 0x7fffffff : len));
	jerr = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	if (o == NULL || jerr != json_tokener_success) {
		if (jerr == json_tokener_continue)
			*why = "invalid JSON: truncated";
		else if (jerr == json_tokener_error_depth)
			*why = "invalid JSON: nested too deeply";
		else if (jerr == json_tokener_error_parse_utf8_string)
			*why = "invalid JSON: bad UTF-8";
		else
			*why = "invalid JSON";
		json_object_put(o);
		json_tokener_free(tok);
		return NULL;
	}
	json_tokener_free(tok);
	if (len > 0x7fffffff) {
		*why = "line too long";
		json_object_put(o);
		return NULL;
	}
	while (off < len && (s[off] == ' ' || s[off] == '\t' || s[off] == '\r'))
		off++;
	if (off != len) {
		*why = "invalid JSON: text after the object";
		json_object_put(o);
		return NULL;
	}
	if (!json_object_is_type(o, json_type_object)) {
		*why = "not a JSON object";
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * The next line of fp into *line (NUL-terminated, without its newline), as
 * getline(3) but bounded: a line longer than JSONL_MAXLINE is read to its end
 * and dropped, *over set.  Its length, or -1 at the end of the file.
 */
static ssize_t
getline_max(char **line, size_t *cap, FILE *fp, int *over)
{
	size_t n = 0;
	int c, any = 0;

	*over = 0;
	flockfile(fp);
	while ((c = getc_unlocked(fp)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (n + 1 >= *cap) {
			if (n >= JSONL_MAXLINE) {
				*over = 1;
				while ((c = getc_unlocked(fp)) != EOF && c != '\n')
					;
				break;
			}
			*cap = *cap < 4096 ? 4096 : *cap > JSONL_MAXLINE / 2 ?
			    JSONL_MAXLINE + 1 : *cap * 2;
			*line = xrealloc(*line, *cap);
		}
		(*line)[n++] = (char)c;
	}
	funlockfile(fp);
	if (!any)
		return -1;
	if (*line == NULL)
		*line = xrealloc(NULL, *cap = 1);
	(*line)[n] = '\0';
	return (ssize_t)n;
}

/* the next line of the reader's operands that is not blank; 0 at the end of the last */
static int
next_line(struct jsonl_reader *rd)
{
	ssize_t n;
	int over;

	for (;;) {
		if (rd->fp == NULL) {
			if (rd->i >= rd->argc)
				return 0;
			rd->name = rd->argv[rd->i++];
			rd->lineno = 0;
			if (strcmp(rd->name, "-") == 0) {
				rd->fp = stdin;
				rd->name = "stdin";
			} else if ((rd->fp = fopen(rd->name, "r")) == NULL) {
				msg("%s:", rd->name);
				rd->ret = 1;
				continue;
			}
		}
		if ((n = getline_max(&rd->line, &rd->cap, rd->fp, &over)) == -1) {
			if (ferror(rd->fp)) {
				msg("%s: read error:", rd->name);
				rd->ret = 1;
			}
			if (rd->fp != stdin && rd->fp != rd->own)
				fclose(rd->fp);
			rd->fp = NULL;
			continue;
		}
		rd->lineno++;
		if (over) {
			msg("%s:%ld: line longer than %zu MiB", rd->name, rd->lineno,
			    (size_t)JSONL_MAXLINE >> 20);
			rd->ret = 1;
			continue;
		}
		rd->len = (size_t)n;
		if (!blank(rd->line, rd->len))
			return 1;
	}
}

void
jsonl_open(struct jsonl_reader *rd, int argc, char **argv)
{
	static char *dash[] = { "-" };

	memset(rd, 0, sizeof *rd);
	rd->argc = argc > 0 ? argc : 1;
	rd->argv = argc > 0 ? argv : dash;
}

void
jsonl_open_file(struct jsonl_reader *rd, FILE *fp, const char *name)
{
	memset(rd, 0, sizeof *rd);
	rd->fp = rd->own = fp;
	rd->name = name;
}

struct json_object *
jsonl_next(struct jsonl_reader *rd, jsonl_rawcb *raw, void *arg)
{
	struct json_object *o;
	const char *why;

	while (next_line(rd)) {
		if (raw != NULL && raw(rd->line, rd->len, rd->name, rd->lineno, arg))
			continue;
		if ((o = jsonl_parse(rd->line, rd->len, &why)) != NULL)
			return o;
		msg("%s:%ld: %s", rd->name, rd->lineno, why);
		rd->ret = 1;
	}
	rd->eof = 1;
	return NULL;
}

int
jsonl_close(struct jsonl_reader *rd)
{
	if (rd->fp != NULL && rd->fp != stdin && rd->fp != rd->own)
		fclose(rd->fp);
	rd->fp = NULL;
	free(rd->line);
	rd->line = NULL;
	return rd->ret;
}

static int
read_all(struct jsonl_reader *rd, jsonl_rawcb *raw, jsonl_linecb *cb, void *arg)
{
	struct json_object *o;

	while ((o = jsonl_next(rd, raw, arg)) != NULL) {
		if (cb(o, rd->line, rd->len, rd->name, rd->lineno, arg) != 0)
			rd->ret = 1;
		json_object_put(o);
	}
	return jsonl_close(rd);
}

int
jsonl_file_lines(FILE *fp, const char *name, jsonl_rawcb *raw, jsonl_linecb *cb,
    void *arg)
{
	struct jsonl_reader rd;

	jsonl_open_file(&rd, fp, name);
	return read_all(&rd, raw, cb, arg);
}

int
jsonl_loop_lines(int argc, char **argv, jsonl_rawcb *raw, jsonl_linecb *cb,
    void *arg)
{
	struct jsonl_reader rd;

	jsonl_open(&rd, argc, argv);
	return read_all(&rd, raw, cb, arg);
}

/* jsonl_loop and jsonl_file are the line readers above with a callback that ignores the line */
struct cbarg {
	jsonl_cb *cb;
	void	*arg;
};

static int
noline(struct json_object *rec, const char *line, size_t len, const char *file,
    long lineno, void *arg)
{
	struct cbarg *ca = arg;

	(void)line;
	(void)len;
	return ca->cb(rec, file, lineno, ca->arg);
}

int
jsonl_file(FILE *fp, const char *name, jsonl_cb *cb, void *arg)
{
	struct cbarg ca = { cb, arg };

	return jsonl_file_lines(fp, name, NULL, noline, &ca);
}

int
jsonl_loop(int argc, char **argv, jsonl_cb *cb, void *arg)
{
	struct cbarg ca = { cb, arg };

	return jsonl_loop_lines(argc, argv, NULL, noline, &ca);
}

const char *
jsonl_string(struct json_object *rec)
{
	return json_object_to_json_string_ext(rec,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

void
jsonl_write(FILE *fp, struct json_object *rec)
{
	fputs(jsonl_string(rec), fp);
	fputc('\n', fp);
}

const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int
jint_get(struct json_object *o, const char *key, long long def, long long *v)
{
	struct json_object *j;
	double d;

	*v = def;
	if (o == NULL || !json_object_object_get_ex(o, key, &j))
		return 0;
	if (json_object_is_type(j, json_type_int)) {
		*v = json_object_get_int64(j);
		return 1;
	}
	if (json_object_is_type(j, json_type_double)) {
		d = json_object_get_double(j);
		/* 1e300 or NaN has no long long: converting it is undefined */
		if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
			return -1;
		*v = (long long)d;
		return 1;
	}
	return -1;
}

long long
jint(struct json_object *o, const char *key, long long def)
{
	long long v;

	jint_get(o, key, def, &v);
	return v;
}

int
jint_range(struct json_object *o, const char *key, long long min, long long max,
    long long def, const char *file, long line, long long *v)
{
	int r = jint_get(o, key, def, v);

	if (r != 0 && (r < 0 || *v < min || *v > max)) {
		msg("%s:%ld: %s: out of range (%lld to %lld)", file, line, key, min, max);
		*v = def;
		return -1;
	}
	return r;
}

int
jnum_get(struct json_object *o, const char *key, double def, double *v)
{
	struct json_object *j;

	*v = def;
	if (o == NULL || !json_object_object_get_ex(o, key, &j))
		return 0;
	if (json_object_is_type(j, json_type_int) ||
	    json_object_is_type(j, json_type_double)) {
		*v = json_object_get_double(j);
		return 1;
	}
	return -1;
}

double
jnum(struct json_object *o, const char *key, double def)
{
	double v;

	jnum_get(o, key, def, &v);
	return v;
}

int
jhas(struct json_object *o, const char *key)
{
	return o != NULL && json_object_object_get_ex(o, key, NULL);
}
