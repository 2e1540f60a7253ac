/*
 * request.c - the request body of a job for each provider: the messages cut to
 * the papers asked, Anthropic's prompt cache marks, the body's hash.
 */
#include <string.h>

#include <openssl/evp.h>

#include "score.h"

static void
sha256_hex(const char *s, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;

	if (EVP_Digest(s, n, md, &mdlen, EVP_sha256(), NULL) != 1)
		die(EX_FAIL, "libcrypto: SHA-256 failed");
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[64] = '\0';
}

static struct json_object *
text_block(const char *s, size_t n, int cache)
{
	struct json_object *b = json_object_new_object();

	json_object_object_add(b, "type", json_object_new_string("text"));
	json_object_object_add(b, "text", json_object_new_string_len(s, (int)n));
	if (cache) {
		struct json_object *cc = json_object_new_object();

		json_object_object_add(cc, "type", json_object_new_string("ephemeral"));
		json_object_object_add(b, "cache_control", cc);
	}
	return b;
}

/* the messages of r for the papers of j: the user prompt cut to them on a re-ask */
static struct json_object *
job_messages(struct job *j)
{
	struct json_object *msgs, *out, *m, *c, *nm;
	struct req *r = j->r;
	struct buf b = { 0 };
	char **ids;
	int *keep;
	size_t i, k, n, last = (size_t)-1;

	json_object_object_get_ex(r->rec, "messages", &msgs);
	n = json_object_array_length(msgs);
	for (i = 0; i < n; i++)
		if ((c = json_object_array_get_idx(msgs, i)) && jstr(c, "role") &&
		    strcmp(jstr(c, "role"), "user") == 0)
			last = i;
	out = json_object_new_array();
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(msgs, i);
		if (i != last || j->n == r->np || jstr(m, "content") == NULL) {
			json_object_array_add(out, json_object_get(m));
			continue;
		}
		ids = xcalloc(r->np, sizeof *ids);
		keep = xcalloc(r->np, sizeof *keep);
		for (k = 0; k < r->np; k++)
			ids[k] = r->p[k].id;
		for (k = 0; k < j->n; k++)
			keep[j->idx[k]] = 1;
		if (prompt_subset(jstr(m, "content"), ids, r->np, keep, &b) == -1) {
			/* not axprompt's block format: the whole prompt, and say what is wanted */
			buf_reset(&b);
			buf_adds(&b, jstr(m, "content"));
			buf_adds(&b, "\n\nAnswer only for these ArXiv IDs:");
			for (k = 0; k < j->n; k++)
				buf_printf(&b, " %s", r->p[j->idx[k]].id);
			buf_adds(&b, "\n");
		}
		nm = json_object_new_object();
		json_object_object_add(nm, "role", json_object_new_string("user"));
		json_object_object_add(nm, "content", json_object_new_string_len(b.s, (int)b.len));
		json_object_array_add(out, nm);
		buf_free(&b);
		free(ids);
		free(keep);
	}
	return out;
}

/* Anthropic wants the system prompt apart; the static part of both is marked for its cache */
static void
anthropic_messages(struct json_object *body, struct json_object *msgs)
{
	struct json_object *out = json_object_new_array(), *sys = NULL, *m, *nm, *content;
	const char *role, *text;
	size_t i, n = json_object_array_length(msgs), st;

	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(msgs, i);
		role = jstr(m, "role");
		text = jstr(m, "content");
		if (role && strcmp(role, "system") == 0 && text) {
			if (sys == NULL)
				sys = json_object_new_array();
			json_object_array_add(sys, text_block(text, strlen(text), 1));
			continue;
		}
		nm = json_object_new_object();
		json_object_object_add(nm, "role", json_object_new_string(role ? role : "user"));
		if (text && role && strcmp(role, "user") == 0 &&
		    (st = prompt_static_len(text)) > 0) {
			content = json_object_new_array();
			json_object_array_add(content, text_block(text, st, 1));
			json_object_array_add(content, text_block(text + st, strlen(text + st), 0));
			json_object_object_add(nm, "content", content);
		} else if (json_object_object_get_ex(m, "content", &content)) {
			json_object_object_add(nm, "content", json_object_get(content));
		}
		json_object_array_add(out, nm);
	}
	if (sys)
		json_object_object_add(body, "system", sys);
	json_object_object_add(body, "messages", out);
	json_object_put(msgs);
}

/*
 * The token cap's name.  OpenAI's own models take max_completion_tokens (its
 * reasoning models refuse max_tokens); every other OpenAI-compatible server
 * (DeepSeek, Mistral, Gemini, OpenRouter, Ollama, vLLM, llama.cpp) takes
 * max_tokens, and some ignore or refuse the newer name.  A server that
 * refuses one gets the other from then on (st.refused).
 */
static const char *
cap_field(const char *model)
{
	const char *m = strrchr(model, '/');
	int openai;

	m = m ? m + 1 : model;
	openai = strncmp(m, "gpt-", 4) == 0 || strncmp(m, "chatgpt-", 8) == 0 ||
	    (m[0] == 'o' && m[1] >= '1' && m[1] <= '9') ||
	    (opt.endpoint && strstr(opt.endpoint, "api.openai.com") != NULL);
	if (openai && !(st.refused & F_MAXCOMP))
		return "max_completion_tokens";
	if (!openai && (st.refused & F_MAXTOK))
		return "max_completion_tokens";
	return "max_tokens";
}

void
job_body(struct job *j)
{
	struct json_object *body = json_object_new_object(), *v, *rf, *js;
	struct req *r = j->r;
	const char *s;
	long long mt = j->cap > 0 ? j->cap : jint(r->rec, "max_tokens", 0);

	j->fields = st.refused;
	json_object_object_add(body, "model", json_object_new_string(r->model));
	if (opt.provider == P_ANTHROPIC) {
		json_object_object_add(body, "max_tokens", json_object_new_int64(mt > 0 ? mt : 4096));
		anthropic_messages(body, job_messages(j));
	} else {
		json_object_object_add(body, "messages", job_messages(j));
		if (mt > 0)
			json_object_object_add(body, cap_field(r->model), json_object_new_int64(mt));
		if ((s = jstr(r->rec, "reasoning_effort")) != NULL && !(st.refused & F_EFFORT))
			json_object_object_add(body, "reasoning_effort", json_object_new_string(s));
		if (json_object_object_get_ex(r->rec, "json_schema", &v) && !(st.refused & F_FORMAT)) {
			rf = json_object_new_object();
			json_object_object_add(rf, "type", json_object_new_string("json_schema"));
			if (jhas(v, "schema")) {
				js = json_object_get(v);
			} else {
				js = json_object_new_object();
				json_object_object_add(js, "name", json_object_new_string("scores"));
				json_object_object_add(js, "strict", json_object_new_boolean(1));
				json_object_object_add(js, "schema", json_object_get(v));
			}
			json_object_object_add(rf, "json_schema", js);
			json_object_object_add(body, "response_format", rf);
		}
	}
	if (json_object_object_get_ex(r->rec, "temperature", &v) &&
	    model_takes_temperature(r->model) && !(st.refused & F_TEMP))
		json_object_object_add(body, "temperature", json_object_get(v));
	s = jsonl_string(body);
	j->bodylen = strlen(s);
	j->body = xstrdup(s);
	json_object_put(body);
	sha256_hex(j->body, j->bodylen, j->key);
	/* the estimate the budget and --tpm use: 4 characters a token, 100 out a paper */
	j->est_in = (long)(j->bodylen / 4);
	j->est_out = mt > 0 && mt < 100 * (long long)j->n ? (long)mt : 100 * (long)j->n;
	j->est_tokens = j->est_in + j->est_out;
}

void
job_refresh(struct job *j)
{
	int stale = j->fields != st.refused;

	if (j->attempt == 0 && j->cap == 0 && st.capto > 0 &&
	    jint(j->r->rec, "max_tokens", 0) == st.capfrom) {
		/* the first try would be spent as batch capbatch's was: skip it */
		j->cap = st.capto;
		j->cap0 = st.capfrom;
		free(j->fig0);
		j->fig0 = xasprintf("as batch %ld spent it, raised for the run", st.capbatch);
		stale = 1;
	}
	if (stale) {
		free(j->body);
		job_body(j);
	}
}

/* what ax sends instead of a refused field, for the message */
const char *
field_fix(int bit)
{
	switch (bit) {
	case F_MAXCOMP: return "max_completion_tokens refused: sending max_tokens instead";
	case F_MAXTOK: return "max_tokens refused: sending max_completion_tokens instead";
	case F_TEMP: return "temperature refused: leaving it out";
	case F_EFFORT: return "reasoning_effort refused: leaving it out";
	case F_FORMAT: return "response_format refused: leaving it out, the prompt asks for JSON";
	default: return "stream_options refused: leaving it out";
	}
}
