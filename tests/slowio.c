/*
 * slowio.c - an LD_PRELOAD shim for tests/faults.t: writes to regular files
 * made slow (1 ms every 16 KB, from write, fwrite, fputs, fprintf and
 * fputc), so that a kill -9 lands while a state file or a site page is being
 * written, not only before or after.  Built by the test with cc -shared.
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static size_t pending;

static void
slow(int fd, size_t n)
{
	struct stat st;
	struct timespec ms = { 0, 1000000 };

	if (fd < 3 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return;
	for (pending += n; pending >= 16384; pending -= 16384)
		nanosleep(&ms, NULL);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	size_t off = 0, k;
	ssize_t w;

	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	/* one big write in 16 KB steps, so that it can be cut in the middle */
	while (off < n) {
		k = n - off > 16384 ? 16384 : n - off;
		if ((w = real(fd, (const char *)buf + off, k)) <= 0)
			return off > 0 ? (ssize_t)off : w;
		off += (size_t)w;
		slow(fd, (size_t)w);
	}
	return (ssize_t)off;
}

size_t
fwrite(const void *p, size_t size, size_t n, FILE *fp)
{
	static size_t (*real)(const void *, size_t, size_t, FILE *);

	if (real == NULL)
		real = (size_t (*)(const void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fwrite");
	n = real(p, size, n, fp);
	slow(fileno(fp), size * n);
	return n;
}

int
fputs(const char *s, FILE *fp)
{
	static int (*real)(const char *, FILE *);
	size_t n = 0;

	if (real == NULL)
		real = (int (*)(const char *, FILE *))dlsym(RTLD_NEXT, "fputs");
	while (s[n])
		n++;
	slow(fileno(fp), n);
	return real(s, fp);
}

int
fputc(int c, FILE *fp)
{
	static int (*real)(int, FILE *);

	if (real == NULL)
		real = (int (*)(int, FILE *))dlsym(RTLD_NEXT, "fputc");
	slow(fileno(fp), 1);
	return real(c, fp);
}

int
fprintf(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(fp, fmt, ap);
	va_end(ap);
	if (n > 0)
		slow(fileno(fp), (size_t)n);
	return n;
}
