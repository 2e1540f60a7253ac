/* axcost.c - placeholder: prints usage and version until the stage is built. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ax.h"

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [-h] [--version] [file ...]\n", getprog());
	exit(status);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, EX_OKAY);
			break;
		case 'V':
			version();
			break;
		default:
			usage(stderr, EX_USAGE);
		}
	}
	die(EX_FAIL, "not built yet");
}
