/*
 * rank-driver.c - runs local.c's entry points the way axscore.c
 * calls them, for tests/rank.t:
 *   rank-driver score [-t topics] [-m model] [-k key] [file ...]
 *   rank-driver train model [file ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ax.h"
#include "axscore.h"

int
main(int argc, char *argv[])
{
	const char *topics = NULL, *model = NULL, *key = NULL;
	int c, ret;

	setprog("axscore");
	if (argc >= 3 && strcmp(argv[1], "train") == 0) {
		ret = local_train(argc - 3, argv + 3, argv[2]);
		return ret | fshut(stdout, "stdout");
	}
	if (argc < 2 || strcmp(argv[1], "score") != 0) {
		fprintf(stderr, "usage: rank-driver score [-t topics] [-m model] [-k key] [file ...]\n"
		    "       rank-driver train model [file ...]\n");
		return EX_USAGE;
	}
	argc--;
	argv++;
	while ((c = getopt(argc, argv, "t:m:k:")) != -1) {
		switch (c) {
		case 't': topics = optarg; break;
		case 'm': model = optarg; break;
		case 'k': key = optarg; break;
		default: return EX_USAGE;
		}
	}
	ret = key ? local_rank(argc - optind, argv + optind, topics, model, key) :
	    local_score(argc - optind, argv + optind, topics, model);
	return ret | fshut(stdout, "stdout");
}
