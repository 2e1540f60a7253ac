/* tap.h - a tiny TAP producer for the C unit tests: ok(cond, name). */
#include <stdio.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do { \
	tap_n++; \
	if (cond) { printf("ok %d - ", tap_n); } \
	else { tap_failed++; printf("not ok %d - ", tap_n); } \
	printf(__VA_ARGS__); \
	printf("\n"); \
	if (!(cond)) printf("#   failed at %s:%d\n", __FILE__, __LINE__); \
} while (0)

#define done_testing() (printf("1..%d\n", tap_n), tap_failed != 0)
