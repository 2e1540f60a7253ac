/* tap.h - a tiny TAP producer for the C unit tests: ok(cond, name). */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

/* cond is evaluated once: it may have side effects */
#define ok(cond, ...) do { \
	int tap_c = (cond) ? 1 : 0; \
	tap_n++; \
	if (!tap_c) tap_failed++; \
	printf("%s %d - ", tap_c ? "ok" : "not ok", tap_n); \
	printf(__VA_ARGS__); \
	printf("\n"); \
	if (!tap_c) printf("#   failed at %s:%d\n", __FILE__, __LINE__); \
} while (0)

#define done_testing() (printf("1..%d\n", tap_n), tap_failed != 0)

#endif
