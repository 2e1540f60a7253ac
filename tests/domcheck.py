#!/usr/bin/env python3
"""domcheck.py - checks on a rendered page, with the stdlib HTML parser.

  domcheck.py anchors PAGE       every href="#x" has an element with id="x"
  domcheck.py safe DOM TITLE TEXT...
        DOM (a page or Chromium's --dump-dom) has the title TITLE, no script,
        img, iframe or object element, no element with id "injected", no on*
        attribute, and each TEXT appears in its text content
"""
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.hrefs, self.tags, self.attrs = set(), [], [], []
        self.text, self.title, self._in_title = [], '', False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            self.attrs.append(k)
            if k == 'id':
                self.ids.add(v)
            if k == 'href':
                self.hrefs.append(v)
        self._in_title = tag == 'title'

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text.append(data)


def load(path):
    p = Page()
    p.feed(open(path, encoding='utf-8', errors='replace').read())
    p.close()
    return p


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'anchors':
        p = load(sys.argv[2])
        local = [h[1:] for h in p.hrefs if h.startswith('#')]
        bad = [h for h in local if h not in p.ids]
        if bad or not local:
            sys.exit('anchors without a target: %r (of %d)' % (bad[:5], len(local)))
        return
    if len(sys.argv) >= 4 and sys.argv[1] == 'safe':
        p = load(sys.argv[2])
        errs = []
        if p.title != sys.argv[3]:
            errs.append('title is %r' % p.title)
        for t in ('script', 'img', 'iframe', 'object', 'embed'):
            if t in p.tags:
                errs.append('a <%s> element' % t)
        if 'injected' in p.ids:
            errs.append('the injected element')
        if any(a.startswith('on') for a in p.attrs):
            errs.append('an on* attribute')
        text = ''.join(p.text)
        for want in sys.argv[4:]:
            if want not in text:
                errs.append('text missing: %r' % want)
        if errs:
            sys.exit('; '.join(errs))
        return
    sys.exit(__doc__)


main()
