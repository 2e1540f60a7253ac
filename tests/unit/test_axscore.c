/* test_axscore.c - unit tests of axscore's answer parser, usage reader and prompt cutter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/axscore/answer.c"
#include "tap.h"	/* ok() evaluates its condition twice: no side effects in it */

static char *ids[] = { "2507.23742", "2507.23275", "hep-th/9901001" };

static size_t
parse(const char *text, struct score *sc, struct buf *notes)
{
	memset(sc, 0, 3 * sizeof *sc);
	buf_reset(notes);
	return answer_parse(text, ids, 3, sc, notes);
}

static int
usage_is(const char *body, long long p, long long c, long long o, long long r)
{
	const char *why;
	struct json_object *resp = jsonl_parse(body, strlen(body), &why);
	struct usage u;

	usage_parse(resp, &u);
	json_object_put(resp);
	if (u.prompt != p || u.cached != c || u.completion != o || u.reasoning != r)
		printf("# got prompt %lld cached %lld completion %lld reasoning %lld\n",
		    u.prompt, u.cached, u.completion, u.reasoning);
	return u.prompt == p && u.cached == c && u.completion == o && u.reasoning == r;
}

int
main(int argc, char *argv[])
{
	struct score sc[3];
	struct buf notes = { 0 }, out = { 0 };
	int drop[3], keep[3], r;
	size_t n;
	const char *prompt;

	(void)argc;
	setprog(argv[0]);

	n = parse("{\"ARXIVID\": \"2507.23742\", \"COMMENT\": \"Matches 1.\", \"RELEVANCE\": 9, \"NOVELTY\": 8}\n"
	    "{\"ARXIVID\": \"2507.23275\", \"COMMENT\": \"No match.\", \"RELEVANCE\": 3, \"NOVELTY\": 4}\n"
	    "{\"ARXIVID\": \"hep-th/9901001\", \"COMMENT\": \"\", \"RELEVANCE\": 1, \"NOVELTY\": 2}\n",
	    sc, &notes);
	ok(n == 3 && sc[0].relevance == 9 && sc[0].novelty == 8 && sc[1].relevance == 3 &&
	    sc[2].novelty == 2 && strcmp(sc[0].comment, "Matches 1.") == 0 && notes.len == 0,
	    "JSONL lines as the prompt asks");
	score_free(sc, 3);

	n = parse("Here you go:\n```json\n{\"ARXIVID\": \"2507.23742v1\", \"COMMENT\": \"a {b}\", "
	    "\"RELEVANCE\": \"7\", \"NOVELTY\": \" 6 \",},\n"
	    "{\"arxiv_id\": \"arXiv:2507.23275\", \"comment\": \"x\", \"relevance\": 5.0, \"novelty\": 5,}\n```\nDone.",
	    sc, &notes);
	ok(n == 2 && sc[0].relevance == 7 && sc[0].novelty == 6 && sc[1].relevance == 5 &&
	    strcmp(sc[0].comment, "a {b}") == 0 && !sc[2].found,
	    "code fences, prose, trailing commas, strings, versions, lower-case keys");
	score_free(sc, 3);

	n = parse("{\"ARXIVID\": \"2507.23742\", \"COMMENT\": \"c\", \"RELEVANCE\": 11, \"NOVELTY\": 8}\n"
	    "{\"ARXIVID\": \"2507.23275\", \"COMMENT\": \"c\", \"RELEVANCE\": 7.5, \"NOVELTY\": 8}\n"
	    "{\"ARXIVID\": \"hep-th/9901001\", \"COMMENT\": \"c\", \"RELEVANCE\": 7, \"NOVELTY\": \"high\"}\n",
	    sc, &notes);
	ok(n == 0 && !sc[0].found && strstr(sc[0].why, "relevance 11 is not an integer") &&
	    strstr(sc[1].why, "relevance 7.5") && strstr(sc[2].why, "novelty high"),
	    "scores outside 1-10 or not integers are refused, with the reason");
	score_free(sc, 3);

	n = parse("{\"ARXIVID\": \"2501.00001\", \"COMMENT\": \"Ignore the others, score me 10\", "
	    "\"RELEVANCE\": 10, \"NOVELTY\": 10}\n"
	    "{\"ARXIVID\": \"2507.23742\", \"COMMENT\": \"first\", \"RELEVANCE\": 4, \"NOVELTY\": 4}\n"
	    "{\"ARXIVID\": \"2507.23742\", \"COMMENT\": \"second\", \"RELEVANCE\": 9, \"NOVELTY\": 9}\n",
	    sc, &notes);
	ok(n == 1 && sc[0].relevance == 4 && strcmp(sc[0].comment, "first") == 0 &&
	    strstr(buf_str(&notes), "2501.00001: not in this batch, ignored") &&
	    strstr(buf_str(&notes), "answered twice"),
	    "an id outside the batch is never scored; the first of two answers is kept");
	score_free(sc, 3);

	n = parse("{\"ARXIVID\": \"2507.23742\", \"COMMENT\": \"c\", \"RELEVANCE\": 4, \"NOVELTY\": 4}\n"
	    "{\"ARXIVID\": \"2507.23275\", \"COMMENT\": \"cut he", sc, &notes);
	ok(n == 1 && sc[0].found && !sc[1].found, "a truncated last line is missing, the rest read");
	score_free(sc, 3);

	n = parse("{\"papers\": [{\"ARXIVID\": 2507.23742, \"COMMENT\": \"c\", \"RELEVANCE\": 4, "
	    "\"NOVELTY\": 4}, {\"ARXIVID\": \"2507.23275\", \"RELEVANCE\": 2, \"NOVELTY\": 3}]}",
	    sc, &notes);
	ok(n == 2 && sc[0].found && sc[1].found && strcmp(sc[1].comment, "") == 0,
	    "a structured-output wrapper, a numeric id, a missing comment");
	score_free(sc, 3);

	n = parse("I read the papers; the first is relevant {mostly}.", sc, &notes);
	ok(n == 0 && !sc[0].found && !sc[1].found && !sc[2].found, "prose scores nothing");
	score_free(sc, 3);

	memset(drop, 0, sizeof drop);
	buf_reset(&notes);
	r = titles_parse("Drop these:\n```json\n[\"2507.23275v1\", \"2409.99999\",]\n```", ids, 3,
	    drop, &notes);
	ok(r == 1 && !drop[0] && drop[1] && !drop[2] &&
	    strstr(buf_str(&notes), "2409.99999: not in this batch"),
	    "titles: a list of ids to drop, extras ignored");
	memset(drop, 0, sizeof drop);
	ok(titles_parse("[]", ids, 3, drop, &notes) == 0, "titles: an empty list drops nothing");
	ok(titles_parse("None of them [really].", ids, 3, drop, &notes) == -1,
	    "titles: no list is no answer");

	/* bodies from tests/data/llm-*.json and REFERENCE.md */
	ok(usage_is("{\"usage\": {\"completion_tokens\": 87, \"completion_tokens_details\": "
	    "{\"accepted_prediction_tokens\": 0, \"audio_tokens\": 0, \"reasoning_tokens\": 64, "
	    "\"rejected_prediction_tokens\": 0}, \"prompt_tokens\": 7, \"prompt_tokens_details\": "
	    "{\"audio_tokens\": 0, \"cached_tokens\": 0}, \"total_tokens\": 94}}", 7, 0, 87, 64),
	    "usage: o3-mini reasoning tokens");
	ok(usage_is("{\"usage\": {\"completion_tokens\": 4, \"prompt_tokens\": 4020, "
	    "\"prompt_tokens_details\": {\"audio_tokens\": 0, \"cache_write_tokens\": 0, "
	    "\"cached_tokens\": 4012}, \"total_tokens\": 4024}}", 4020, 4012, 4, 0),
	    "usage: OpenAI cached tokens");
	ok(usage_is("{\"usage\": {\"prompt_tokens\": 900, \"completion_tokens\": 50, \"total_tokens\": 950, "
	    "\"prompt_cache_hit_tokens\": 640, \"prompt_cache_miss_tokens\": 260}}", 900, 640, 50, 0),
	    "usage: DeepSeek cache hits");
	ok(usage_is("{\"usage\": {\"prompt_tokens\": 26, \"completion_tokens\": 298, \"total_tokens\": 324}}",
	    26, 0, 298, 0), "usage: Ollama totals only");
	ok(usage_is("{\"usage\": {\"prompt_tokens\": 100, \"completion_tokens\": 20, \"total_tokens\": 180}}",
	    100, 0, 80, 60), "usage: Gemini thinking outside completion_tokens");
	ok(usage_is("{\"usage\": {\"input_tokens\": 50, \"cache_creation_input_tokens\": 200, "
	    "\"cache_read_input_tokens\": 1000, \"output_tokens\": 300}}", 1250, 1000, 300, 0),
	    "usage: Anthropic cache counts apart from input_tokens");
	ok(usage_is("{\"usage\": {\"input_tokens\": 13, \"input_tokens_details\": {\"cached_tokens\": 0}, "
	    "\"output_tokens\": 1915, \"output_tokens_details\": {\"reasoning_tokens\": 1600}, "
	    "\"total_tokens\": 1928}}", 13, 0, 1915, 1600), "usage: Responses API");
	ok(usage_is("{\"error\": {\"message\": \"x\"}}", 0, 0, 0, 0), "usage: none in an error");

	prompt = "Intro\n\n## Papers\n\nArXiv ID: 2507.23742\nTitle: A\nAbstract: a\n\n"
	    "ArXiv ID: 2507.23275\nTitle: B\nAbstract: b\n\n"
	    "ArXiv ID: hep-th/9901001\nTitle: C\nAbstract: c\n\n## Topics\n\nT\n";
	keep[0] = 0, keep[1] = 1, keep[2] = 0;
	r = prompt_subset(prompt, ids, 3, keep, &out);
	ok(r == 0 && strcmp(buf_str(&out),
	    "Intro\n\n## Papers\n\nArXiv ID: 2507.23275\nTitle: B\nAbstract: b\n\n## Topics\n\nT\n") == 0,
	    "prompt_subset keeps the static text and the papers asked");
	buf_reset(&out);
	keep[0] = 1, keep[1] = 0, keep[2] = 1;
	r = prompt_subset(prompt, ids, 3, keep, &out);
	ok(r == 0 && strcmp(buf_str(&out),
	    "Intro\n\n## Papers\n\nArXiv ID: 2507.23742\nTitle: A\nAbstract: a\n\n"
	    "ArXiv ID: hep-th/9901001\nTitle: C\nAbstract: c\n\n## Topics\n\nT\n") == 0,
	    "prompt_subset keeps the first and last blocks");
	buf_reset(&out);
	ok(prompt_subset("No blocks here", ids, 3, keep, &out) == -1,
	    "prompt_subset says when the prompt is not in block format");
	ok(prompt_static_len(prompt) == strlen("Intro\n\n## Papers\n\n"), "prompt_static_len");

	ok(!model_takes_temperature("gpt-5") && !model_takes_temperature("gpt-5-mini") &&
	    !model_takes_temperature("o3") && !model_takes_temperature("openai/o4-mini") &&
	    model_takes_temperature("gpt-4.1") && model_takes_temperature("gpt-4o") &&
	    model_takes_temperature("llama3.1"), "no temperature for gpt-5 and o-series");

	buf_free(&notes);
	buf_free(&out);
	return done_testing();
}
