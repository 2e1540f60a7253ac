/* die.c - every diagnostic of every tool goes through here: "prog: where: what". */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ax.h"

static const char *prog = "ax";
static const char *progpath = "ax";	/* argv[0] as given: where the program is */

void
setprog(const char *argv0)
{
	const char *p;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	progpath = argv0;
	p = strrchr(argv0, '/');
	prog = p ? p + 1 : argv0;
}

const char *
getprog(void)
{
	return prog;
}

const char *
getprogpath(void)
{
	return progpath;
}

void
vmsg(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

int
fshut(FILE *fp, const char *name)
{
	int ret = 0;

	/* a full disk or a closed pipe shows up only at flush or close */
	if (fflush(fp) == EOF) {
		msg("%s: write error:", name);
		ret = 1;
	} else if (ferror(fp)) {
		/* the failing write was earlier: its errno is gone */
		errno = EIO;
		msg("%s: write error:", name);
		ret = 1;
	}
	if (fp != stdin && fp != stderr && fclose(fp) == EOF && !ret) {
		msg("%s: close:", name);
		ret = 1;
	}
	return ret;
}

void
usage_exit(FILE *fp, int status)
{
	/* -h >/dev/full is a failed write like any other */
	if (fp == stdout && fshut(stdout, "stdout"))
		status = EX_FAIL;
	exit(status);
}

void
version(void)
{
	printf("%s (ax) %s\n", prog, AX_VERSION);
	exit(fshut(stdout, "stdout") ? EX_FAIL : EX_OKAY);
}

int
isatty_stderr(void)
{
	static int cached = -1;
	const char *force;

	if (cached < 0) {
		/* AX_PROGRESS=1 asks for progress even into a pipe or file */
		force = getenv("AX_PROGRESS");
		if (force && *force)
			cached = strcmp(force, "0") != 0;
		else
			cached = isatty(STDERR_FILENO);
	}
	return cached;
}
