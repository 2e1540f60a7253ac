/* axscore-local.c - stub for --provider local until the local relevance model is built. */
#include "axscore.h"

int
local_score(int argc, char **argv, const char *topics_file, const char *model_file)
{
	(void)argc;
	(void)argv;
	(void)topics_file;
	(void)model_file;
	msg("local: not built yet");
	return EX_USAGE;
}
