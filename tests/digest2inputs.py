#!/usr/bin/env python3
"""digest2inputs.py - take a Markdown digest apart into what axrender reads.

  digest2inputs.py DIGEST.md OUTDIR     writes OUTDIR/papers.jsonl (scored paper
                                        records in digest order), stats.json
                                        (the header figures), system.md, user.md
  digest2inputs.py --from-json OUTPUT.json PAPERS.jsonl
                                        the Python tools' output.json as paper records
  digest2inputs.py --same A.jsonl B.jsonl
                                        exit 0 when both hold the same papers (the
                                        keys a digest shows), else print the first difference

The parser knows the layout only as far as it must to find the fields, so a
digest whose layout differs from what axrender writes fails the byte-for-byte
comparison instead of being silently normalised here.
"""
import json
import re
import sys

HEAD = re.compile(r'^## (\d+)\. \[(.*)\]\(https://arxiv\.org/abs/(\S+?)\) <a id="link\1"></a>$', re.M)
SCORES = re.compile(r'\*\*Relevance:\*\* (-?\d+)\n\*\*Novelty:\*\* (-?\d+)$')


def fail(what):
    sys.exit('digest2inputs.py: ' + what)


def unquote(block):
    lines = block.split('\n')
    for ln in lines:
        if not ln.startswith('> '):
            fail('prompt line without "> ": %r' % ln[:60])
    return '\n'.join(ln[2:] for ln in lines)


def cell(row, i):
    return row.split('|')[i + 1].strip()


def money(s):
    if not s.startswith('$'):
        fail('cost cell %r' % s)
    return float(s[1:])


def paper(num, title, pid, body):
    body = body[len('\n\n**ArXiv ID:** ' + pid + '\n\n**Authors:** '):] \
        if body.startswith('\n\n**ArXiv ID:** ' + pid + '\n\n**Authors:** ') else fail('paper %s: no ArXiv ID/Authors' % num)
    authors, sep, rest = body.partition('\n\n**Abstract:** ')
    if not sep:
        fail('paper %s: no abstract' % num)
    rec = {'id': pid, 'title': title, 'authors': authors.split(', ') if authors else []}
    m = SCORES.search(rest)
    if m:
        rec_scores = (int(m.group(1)), int(m.group(2)))
        rest = rest[:m.start()]
    else:
        rec_scores = None
    if not rest.endswith('\n\n'):
        fail('paper %s: no blank line after the abstract or comment' % num)
    rest = rest[:-2]
    i = rest.rfind('\n\n**Comment:** ')
    if i >= 0:
        rec['abstract'] = rest[:i]
        rec['reason'] = rest[i + len('\n\n**Comment:** '):]
    else:
        rec['abstract'] = rest
    if rec_scores:
        rec['relevance'], rec['novelty'] = rec_scores
        rec['score'] = sum(rec_scores)
    return rec


def split(path, out):
    text = open(path, encoding='utf-8').read()
    lines = text.split('\n')
    m = re.match(r'# Personalized Daily ArXiv Papers (\d{4}-\d\d-\d\d)$', lines[0])
    if not m:
        fail('%s: no title line' % path)
    stats = {'date': m.group(1)}
    mm = re.match(r'\*\[(.*)\]\*$', cell(lines[2], 0))
    if not mm:
        fail('%s: no model in the table' % path)
    stats['model'] = mm.group(1)
    for key, i in (('prompt', 1), ('completion', 2), ('total', 3)):
        stats[key + '_tokens'] = int(cell(lines[4], i))
        stats[key + '_cost'] = money(cell(lines[5], i))
    for key, label in (('total_papers', 'Total arXiv papers'), ('scanned_papers', 'Total scanned papers'),
                       ('selected_papers', 'Total relevant papers')):
        mm = re.search('^' + label + r': (\d+)$', text, re.M)
        if not mm:
            fail('%s: no "%s"' % (path, label))
        stats[key] = int(mm.group(1))

    end = text.rfind('\n\n---\n\n# Paper Selection Prompt\n\n')
    if end < 0:
        fail('%s: no prompt section' % path)
    prompt = text[end + len('\n\n---\n\n# Paper Selection Prompt\n\n'):]
    heads = list(HEAD.finditer(text, 0, end))
    recs = []
    for k, h in enumerate(heads):
        if int(h.group(1)) != k + 1:
            fail('%s: paper %s where %d was due' % (path, h.group(1), k + 1))
        stop = heads[k + 1].start() - len('\n\n---\n\n') if k + 1 < len(heads) else end
        recs.append(paper(h.group(1), h.group(2), h.group(3), text[h.end():stop]))

    mm = re.match(r'## System Prompt\n\n(.*?)\n\n## User Prompt\n\n(.*)\Z', prompt, re.S)
    if not mm:
        fail('%s: no system and user prompt' % path)
    system = unquote(mm.group(1))
    user = unquote(mm.group(2)).replace('[PAPER LIST HERE]', '{{papers}}')

    with open(out + '/papers.jsonl', 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    with open(out + '/stats.json', 'w') as f:
        json.dump(stats, f, indent=1)
        f.write('\n')
    with open(out + '/system.md', 'w', encoding='utf-8') as f:
        f.write(system + '\n')
    with open(out + '/user.md', 'w', encoding='utf-8') as f:
        f.write(user + '\n')


def from_json(path, out):
    d = json.load(open(path, encoding='utf-8'))
    with open(out, 'w', encoding='utf-8') as f:
        for k, v in d.items():
            r = {'id': v.get('arxiv_id', k), 'title': v['title'], 'authors': v['authors'],
                 'abstract': v['abstract']}
            if 'COMMENT' in v:
                r['reason'] = v['COMMENT']
            if 'RELEVANCE' in v:
                r['relevance'], r['novelty'] = v['RELEVANCE'], v['NOVELTY']
            if 'SCORE' in v:
                r['score'] = v['SCORE']
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def same(a, b):
    ra = [json.loads(ln) for ln in open(a, encoding='utf-8')]
    rb = [json.loads(ln) for ln in open(b, encoding='utf-8')]
    if len(ra) != len(rb):
        print('%d papers against %d' % (len(ra), len(rb)))
        return 1
    for x, y in zip(ra, rb):
        for k in ('id', 'title', 'authors', 'abstract', 'reason', 'relevance', 'novelty', 'score'):
            if x.get(k) != y.get(k):
                print('%s: %s differs: %r against %r' % (x['id'], k, x.get(k), y.get(k)))
                return 1
    return 0


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--from-json':
        from_json(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == '--same':
        sys.exit(same(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 3:
        split(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)
