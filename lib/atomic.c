/*
 * atomic.c - replace a file whole or not at all: write a temporary file
 * beside it, flush it to disk, rename it over the old one.  A path that is
 * not a regular file (/dev/null, /dev/stdout, a FIFO) is written through
 * instead: renaming over it would replace the device with a file.  A
 * symbolic link is followed: the file it names is replaced, the link kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ax.h"

static int
write_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* atomic_write to path, the file name names (its target when a link) */
static int
write_file(const char *path, const char *name, const char *s, size_t n, mode_t mode)
{
	struct stat st;
	char *tmp;
	const char *slash;
	int fd, ret = 0;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((fd = open(path, O_WRONLY | O_TRUNC)) == -1) {
			msg("%s:", name);
			return -1;
		}
		if (write_all(fd, s, n) == -1) {
			msg("%s: write error:", name);
			ret = -1;
		}
		if (close(fd) == -1 && ret == 0) {
			msg("%s:", name);
			ret = -1;
		}
		return ret;
	}
	/* the temporary file is hidden and unique, in the same directory for rename */
	slash = strrchr(path, '/');
	if (slash)
		tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		tmp = xasprintf(".%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		msg("%s:", tmp);
		free(tmp);
		return -1;
	}
	if (write_all(fd, s, n) == -1 || fchmod(fd, mode) == -1 || fsync(fd) == -1) {
		msg("%s: write error:", name);
		ret = -1;
	}
	if (close(fd) == -1 && ret == 0) {
		msg("%s: write error:", name);
		ret = -1;
	}
	if (ret == 0 && rename(tmp, path) == -1) {
		msg("%s:", name);
		ret = -1;
	}
	if (ret == -1)
		unlink(tmp);
	free(tmp);
	return ret;
}

char *
atomic_target(const char *path)
{
	struct stat st;
	char *real;

	/* a rename over a symbolic link replaces the link, not the file it names */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(path, NULL)) != NULL)
		return real;
	return xstrdup(path);
}

int
atomic_write(const char *name, const char *s, size_t n, mode_t mode)
{
	char *path;
	int ret;

	path = atomic_target(name);
	ret = write_file(path, name, s, n, mode);
	free(path);
	return ret;
}
