#!/usr/bin/env python3
"""mdsafe.py HTML PAPERS - the HTML a Markdown renderer made of a digest
(raw HTML let through) holds only what the digest itself writes: the
elements of the layout, "id" on the paper anchors, and links to http(s),
mailto, ftp or within the page (a browser's reading of the URL: blanks and
controls dropped, case ignored).  PAPERS: how many anchors to expect."""
import re
import sys
from html.parser import HTMLParser

LAYOUT = {'h1', 'h2', 'p', 'a', 'strong', 'em', 'ol', 'ul', 'li', 'hr', 'br',
          'blockquote', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del'}
SCHEME = re.compile(r'([a-z][a-z0-9+.-]*):', re.I)


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errs, self.anchors = [], 0

    def handle_starttag(self, tag, attrs):
        if tag not in LAYOUT:
            self.errs.append('<%s>' % tag)
        for k, v in attrs:
            if k == 'href':
                url = re.sub(r'[\x00-\x20\x7f]', '', v or '')
                m = SCHEME.match(url)
                if m and m.group(1).lower() not in ('http', 'https', 'ftp', 'mailto'):
                    self.errs.append('href=%r' % v)
            elif k == 'id' and tag == 'a' and re.fullmatch(r'link\d+', v or ''):
                self.anchors += 1
            elif not (k == 'align' and tag in ('th', 'td')):
                self.errs.append('<%s %s=%r>' % (tag, k, v))

    handle_startendtag = handle_starttag


p = Page()
p.feed(open(sys.argv[1], encoding='utf-8').read())
p.close()
if p.anchors != int(sys.argv[2]):
    p.errs.append('%d paper anchors, not %s' % (p.anchors, sys.argv[2]))
if p.errs:
    sys.exit('; '.join(p.errs[:8]))
