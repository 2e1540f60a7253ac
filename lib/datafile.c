/*
 * datafile.c - finds a data file the tools ship (prices.txt, holidays.txt):
 * an option, else an environment variable, else the installed DATADIR, else
 * ../examples beside the program, so an uninstalled build finds its own.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ax.h"

#ifndef AX_DATADIR
#define AX_DATADIR "/usr/local/share/ax"
#endif

/* the directory of this program, for the files of an uninstalled build */
static char *
progdir(const char *argv0)
{
	const char *path, *e;
	char *cand, *slash;
	struct stat st;
	size_t n;

	if (strchr(argv0, '/') != NULL) {
		cand = xstrdup(argv0);
		slash = strrchr(cand, '/');
		*slash = '\0';
		return cand;
	}
	if ((path = getenv("PATH")) == NULL)
		return NULL;
	for (;;) {
		e = strchr(path, ':');
		n = e ? (size_t)(e - path) : strlen(path);
		cand = xasprintf("%.*s/%s", (int)n, n ? path : ".", argv0);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
			*strrchr(cand, '/') = '\0';
			return cand;
		}
		free(cand);
		if (e == NULL)
			return NULL;
		path = e + 1;
	}
}

const char *
datadir(void)
{
	return AX_DATADIR;
}

char *
datafile(const char *opt, const char *envname, const char *name, const char *argv0)
{
	const char *env = getenv(envname);
	char *p, *dir;

	if (opt)
		return xstrdup(opt);
	if (env && *env)
		return xstrdup(env);
	p = xasprintf("%s/%s", AX_DATADIR, name);
	if (access(p, R_OK) == 0)
		return p;
	free(p);
	if ((dir = progdir(argv0)) != NULL) {
		p = xasprintf("%s/../examples/%s", dir, name);
		free(dir);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}
