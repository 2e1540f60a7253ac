/* parsenum.c - numeric option values, checked like OpenBSD's strtonum. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "ax.h"

long long
parsenum(const char *s, long long min, long long max, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0')
		die(EX_USAGE, "%s: '%s' is not a whole number", what, s);
	if (errno == ERANGE || v < min || v > max)
		die(EX_USAGE, "%s: %s is out of range (%lld to %lld)", what, s, min, max);
	return v;
}

double
parsedbl(const char *s, double min, double max, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || isnan(v))
		die(EX_USAGE, "%s: '%s' is not a number", what, s);
	if (errno == ERANGE || v < min || v > max)
		die(EX_USAGE, "%s: %s is out of range (%g to %g)", what, s, min, max);
	return v;
}
