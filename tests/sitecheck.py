#!/usr/bin/env python3
"""sitecheck.py - checks on an axrender --site directory (tests/axrender.t).

  sitecheck.py math DOM...      the math of Chromium's DOMs: prints "ok N
        failed M spans S"; fails on an error box (.katex-error), on a span
        neither drawn nor failed, or on a failed span whose text is not TeX
        between its delimiters as written
  sitecheck.py links DIR        every href and src of every page resolves:
        a file in DIR, and its #fragment an id there; prints the count
  sitecheck.py feed FEED ID N   python3-feedparser reads FEED without error;
        its id is ID, its self link ends in feed.xml, N entries with
        distinct ids, each dated a day at 00:00 UTC
  sitecheck.py headings PAGE... h1 first and once, no level skipped
"""
import os
import re
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.refs, self.heads = set(), [], []
        self.math = []          # [state, text]
        self.errbox = 0
        self._span = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'id' in a:
            self.ids.add(a['id'])
        for k in ('href', 'src'):
            if a.get(k):
                self.refs.append(a[k])
        if re.fullmatch(r'h[1-6]', tag):
            self.heads.append(int(tag[1]))
        cls = (a.get('class') or '').split()
        if 'katex-error' in cls:
            self.errbox += 1
        if 'math' in cls:
            self.math.append([a.get('data-math'), ''])
            self._span = 1
        elif self._span:
            self._span += 1

    def handle_endtag(self, tag):
        if self._span:
            self._span -= 1

    def handle_data(self, data):
        if self._span and self.math:
            self.math[-1][1] += data


def load(path):
    p = Page()
    p.feed(open(path, encoding='utf-8').read())
    p.close()
    return p


def math(paths):
    ok = failed = spans = 0
    errs = []
    for path in paths:
        p = load(path)
        if p.errbox:
            errs.append('%s: %d KaTeX error boxes' % (path, p.errbox))
        for state, text in p.math:
            spans += 1
            if state == 'ok':
                ok += 1
            elif state == 'failed':
                failed += 1
                if not re.fullmatch(r'(?s)(\$\$.+\$\$|\$.+\$|\\\(.+\\\)|\\\[.+\\\])', text):
                    errs.append('%s: a failed formula shows %r' % (path, text[:60]))
            else:
                errs.append('%s: a formula not drawn: %r' % (path, text[:60]))
    print('ok %d failed %d spans %d' % (ok, failed, spans))
    if errs:
        sys.exit('; '.join(errs[:5]))


def links(top):
    n = 0
    errs = []
    pages = {}
    for name in sorted(os.listdir(top)):
        if name.endswith('.html'):
            pages[name] = load(os.path.join(top, name))
    for name, p in pages.items():
        for ref in p.refs:
            if re.match(r'[a-z]+:', ref):
                continue        # arxiv.org
            n += 1
            path, _, frag = ref.partition('#')
            target = path or name
            if not os.path.isfile(os.path.join(top, target)):
                errs.append('%s -> %s: no file' % (name, ref))
            elif frag and (target not in pages or frag not in pages[target].ids):
                errs.append('%s -> %s: no id' % (name, ref))
    print(n)
    if errs:
        sys.exit('; '.join(errs[:5]))


def feed(path, want_id, n):
    import feedparser
    f = feedparser.parse(path)
    errs = []
    if f.bozo:
        errs.append('not well-formed: %s' % f.bozo_exception)
    if f.feed.get('id') != want_id:
        errs.append('id %r, not %r' % (f.feed.get('id'), want_id))
    selfs = [l['href'] for l in f.feed.get('links', []) if l.get('rel') == 'self']
    if len(selfs) != 1 or not selfs[0].endswith('feed.xml'):
        errs.append('self links %r' % selfs)
    ids = [e.get('id') for e in f.entries]
    if len(ids) != int(n) or len(set(ids)) != len(ids):
        errs.append('%d entries, %d distinct ids, want %s' % (len(ids), len(set(ids)), n))
    for e in f.entries:
        if not re.fullmatch(r'\d{4}-\d\d-\d\dT00:00:00Z', e.get('updated', '')):
            errs.append('entry %s dated %r' % (e.get('id'), e.get('updated')))
            break
    if errs:
        sys.exit('; '.join(errs))


def headings(paths):
    errs = []
    for path in paths:
        h = load(path).heads
        if not h or h[0] != 1 or h.count(1) != 1:
            errs.append('%s: h1 not first and once: %r' % (path, h[:5]))
        for a, b in zip(h, h[1:]):
            if b > a + 1:
                errs.append('%s: h%d after h%d' % (path, b, a))
                break
    if errs:
        sys.exit('; '.join(errs[:5]))


if len(sys.argv) >= 3 and sys.argv[1] == 'math':
    math(sys.argv[2:])
elif len(sys.argv) == 3 and sys.argv[1] == 'links':
    links(sys.argv[2])
elif len(sys.argv) == 5 and sys.argv[1] == 'feed':
    feed(*sys.argv[2:])
elif len(sys.argv) >= 3 and sys.argv[1] == 'headings':
    headings(sys.argv[2:])
else:
    sys.exit(__doc__)
