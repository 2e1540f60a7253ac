/* buf.c - a growable string buffer: no fixed-size buffers for input text. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (need < b->len)
		die(EX_FAIL, "out of memory");
	b->cap = b->cap ? b->cap : 64;
	while (b->cap < need)
		b->cap = b->cap * 2 > b->cap ? b->cap * 2 : need;
	b->s = xrealloc(b->s, b->cap);
	/* a buffer grown but not yet written is still the string it held */
	b->s[b->len] = '\0';
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	size_t avail;
	int n;

	/* format in place; when it did not fit, grow once and format again */
	buf_grow(b, 64);
	avail = b->cap - b->len;
	va_copy(aq, ap);
	n = vsnprintf(b->s + b->len, avail, fmt, aq);
	va_end(aq);
	if (n < 0)
		die(EX_FAIL, "buf_printf: bad format");
	if ((size_t)n >= avail) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *
buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

const char *
buf_str(struct buf *b)
{
	return b->s ? b->s : "";
}

/* the line (from 1) of the first NUL byte in s[0..len), 0 when none */
long
text_nulline(const char *s, size_t len)
{
	const char *z, *p;
	long line = 1;

	if ((z = memchr(s, '\0', len)) == NULL)
		return 0;
	for (p = s; (p = memchr(p, '\n', (size_t)(z - p))) != NULL; p++)
		line++;
	return line;
}

int
buf_readfile(struct buf *b, const char *path)
{
	FILE *fp;
	char chunk[65536];
	size_t n;
	int err;

	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		/* /dev/zero, or a FIFO that never ends, ends here, not out of memory */
		if (b->len + n > BUF_FILEMAX) {
			if (fp != stdin)
				fclose(fp);
			errno = EFBIG;
			return -1;
		}
		buf_add(b, chunk, n);
	}
	/* the read's own errno (EISDIR for a folder), EIO when it left none */
	err = ferror(fp) ? (errno ? errno : EIO) : 0;
	if (fp != stdin)
		fclose(fp);
	if (err) {
		errno = err;
		return -1;
	}
	if (b->s == NULL)
		buf_add(b, "", 0);
	return 0;
}

static int
isspace_ascii(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void
buf_squeeze(struct buf *b)
{
	size_t i, j = 0;
	int space = 1;	/* drops leading white space */

	for (i = 0; i < b->len; i++) {
		if (isspace_ascii((unsigned char)b->s[i])) {
			if (!space)
				b->s[j++] = ' ';
			space = 1;
		} else {
			b->s[j++] = b->s[i];
			space = 0;
		}
	}
	if (j > 0 && b->s[j - 1] == ' ')
		j--;
	b->len = j;
	if (b->s)
		b->s[j] = '\0';
}

int
text_blank(const char *s)
{
	if (s == NULL)
		return 1;
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}
