#!/usr/bin/env python3
"""atomcheck.py FEED N - FEED is an Atom 1.0 feed (RFC 4287) with N entries:
the feed has id, title, updated and an author; every entry has a unique id,
a title, an RFC 3339 updated and an alternate link; ids are absolute IRIs."""
import re
import sys
import xml.etree.ElementTree as ET

A = '{http://www.w3.org/2005/Atom}'
DATE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')
IRI = re.compile(r'^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$')


def need(el, name, where, errs):
    found = el.findall(A + name)
    if len(found) != 1:
        errs.append('%s: %d <%s>' % (where, len(found), name))
        return None
    return found[0]


def main():
    root = ET.parse(sys.argv[1]).getroot()
    errs = []
    if root.tag != A + 'feed':
        sys.exit('root is %s' % root.tag)
    for n in ('id', 'title', 'updated'):
        e = need(root, n, 'feed', errs)
        if n == 'updated' and e is not None and not DATE.match(e.text or ''):
            errs.append('feed updated %r' % e.text)
        if n == 'id' and e is not None and not IRI.match(e.text or ''):
            errs.append('feed id %r' % e.text)
    feedauthor = root.find(A + 'author') is not None
    entries = root.findall(A + 'entry')
    if len(entries) != int(sys.argv[2]):
        errs.append('%d entries, want %s' % (len(entries), sys.argv[2]))
    ids = set()
    for i, en in enumerate(entries):
        w = 'entry %d' % (i + 1)
        e = need(en, 'id', w, errs)
        if e is not None:
            if not IRI.match(e.text or '') or e.text in ids:
                errs.append('%s: id %r' % (w, e.text))
            ids.add(e.text)
        need(en, 'title', w, errs)
        e = need(en, 'updated', w, errs)
        if e is not None and not DATE.match(e.text or ''):
            errs.append('%s: updated %r' % (w, e.text))
        if not [l for l in en.findall(A + 'link') if l.get('rel', 'alternate') == 'alternate' and l.get('href')]:
            errs.append('%s: no alternate link' % w)
        if not feedauthor and en.find(A + 'author') is None:
            errs.append('%s: no author' % w)
    if errs:
        sys.exit('\n'.join(errs))


main()
