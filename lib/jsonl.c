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

int
jsonl_file_lines(FILE *fp, const char *name, jsonl_rawcb *raw, jsonl_linecb *cb,
    void *arg)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int ret = 0, over;
	const char *why;
	struct json_object *o;

	while ((n = getline_max(&line, &cap, fp, &over)) != -1) {
		lineno++;
		if (over) {
			msg("%s:%ld: line longer than %zu MiB", name, lineno, JSONL_MAXLINE >> 20);
			ret = 1;
			continue;
		}
		if (blank(line, (size_t)n))
			continue;
		if (raw != NULL && raw(line, (size_t)n, name, lineno, arg))
			continue;
		o = jsonl_parse(line, (size_t)n, &why);
		if (o == NULL) {
			msg("%s:%ld: %s", name, lineno, why);
			ret = 1;
			continue;
		}
		if (cb(o, line, (size_t)n, name, lineno, arg) != 0)
			ret = 1;
		json_object_put(o);
	}
	if (ferror(fp)) {
		msg("%s: read error:", name);
		ret = 1;
	}
	free(line);
	return ret;
}

int
jsonl_loop_lines(int argc, char **argv, jsonl_rawcb *raw, jsonl_linecb *cb,
    void *arg)
{
	FILE *fp;
	int i, ret = 0;

	if (argc == 0)
		return jsonl_file_lines(stdin, "stdin", raw, cb, arg);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			ret |= jsonl_file_lines(stdin, "stdin", raw, cb, arg);
			continue;
		}
		if ((fp = fopen(argv[i], "r")) == NULL) {
			msg("%s:", argv[i]);
			ret = 1;
			continue;
		}
		ret |= jsonl_file_lines(fp, argv[i], raw, cb, arg);
		fclose(fp);
	}
	return ret;
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
