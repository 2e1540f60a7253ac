/*
 * fuzz_answer.c - libFuzzer harness: axscore's LLM-answer parser
 * (tools/axscore/answer.c) on any text, for a fixed batch of three ids.
 * Invariants beyond the sanitizers: never more papers found than the batch
 * holds, every found score an integer 1-10, nothing scored twice; the
 * visible answer never longer than the text; a decision always one of D_*.
 */
#include <stdlib.h>
#include <string.h>

#include "answer.c"

static char *ids[] = { "2509.07963", "2509.08000", "hep-th/9901001" };
#define NIDS (sizeof ids / sizeof ids[0])

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct score sc[NIDS];
	struct buf notes = { 0 }, sub = { 0 };
	struct usage u = { 0 };
	struct json_object *o;
	int drop[NIDS], keep[NIDS] = { 1, 0, 1 };
	char *s, idb[ARXIV_ID_MAX], idb2[ARXIV_ID_MAX];
	const char *why;
	size_t i, found, nfound = 0;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	memset(sc, 0, sizeof sc);
	found = answer_parse(s, ids, NIDS, sc, &notes);
	for (i = 0; i < NIDS; i++) {
		if (!sc[i].found)
			continue;
		nfound++;
		if (sc[i].relevance < 1 || sc[i].relevance > 10 ||
		    sc[i].novelty < 1 || sc[i].novelty > 10 || sc[i].comment == NULL ||
		    sc[i].topic == NULL)
			abort();
	}
	if (found != nfound || found > NIDS)
		abort();
	score_free(sc, NIDS);
	memset(drop, 0, sizeof drop);
	(void)titles_parse(s, ids, NIDS, drop, &notes);
	/* a bare id reads back as itself */
	if (arxiv_id(s, idb, NULL) == 1 && (arxiv_id(idb, idb2, NULL) != 1 || strcmp(idb, idb2) != 0))
		abort();
	if (strlen(idb) >= sizeof idb)
		abort();
	(void)prompt_static_len(s);
	(void)prompt_subset(s, ids, NIDS, keep, &sub);
	if ((o = jsonl_parse(s, size, &why)) != NULL) {
		usage_parse(o, &u);
		json_object_put(o);
		if (u.reasoning > u.completion)
			abort();
	}
	{
		size_t hidden;
		char *v = answer_visible(s, &hidden);
		int d, field;

		if (strlen(v) + hidden > strlen(s))
			abort();
		free(v);
		d = reply_decide(size % 2 ? 200 : 400 + (long)(size % 130), s, "text/html", &sub, &field);
		if (d < D_ANSWER || d > D_FIELD || (d == D_FIELD && field == 0))
			abort();
	}
	buf_free(&notes);
	buf_free(&sub);
	free(s);
	return 0;
}
