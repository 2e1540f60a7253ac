#!/usr/bin/env python3
"""feedserver.py - serves tests/data as arXiv's RSS, API and OAI-PMH on 127.0.0.1.

Routes (an optional first path segment MODE-TAG injects a failure; the TAG
keeps each test's request counter apart):
  /rss/CATS                 cs.LG+cs.CL: handmade-rss-combined.xml,
                            cs.CL: the Saturday empty feed, cs.LG: 3 real items,
                            cs.HO: an empty feed without a date, cs.DL: an
                            empty feed dated a Wednesday (2025-09-03), cs.BAD: the
                            300-item cs.AI feed with a 0xFF byte in its 6th abstract
  /api/query?...            by search_query and start: cat:cs.LG OR cat:cs.CL pages
                            the q_testing files (10 a page, empty after 60),
                            cat:cs.IT the one-entry feed, cat:bad the HTTP 400 error feed,
                            cat:cs.LG AND submittedDate:... (axfetch --check) two
                            of the cs.LG feed's papers and one it lacks,
                            cat:cs.REP 11 results whose slice at 10 repeats the
                            paper at 9 every time, cat:cs.REP2 the same once,
                            then the 11th paper
  /oai?verb=ListRecords...  the 3-page oai_dc chain through its resumptionTokens,
                            metadataPrefix=arXiv the hep-ex page, from=2099-01-01
                            noRecordsMatch, an unknown token badResumptionToken,
                            from=2099-03-03 two pages of the hep-ex records whose
                            second repeats one of the first (completeListSize 3:
                            one missing), from=2099-04-04 the same without
                            completeListSize, from=2099-05-05 a second page
                            that repeats one and brings the third (complete)
Modes: r503 (first request 503 + Retry-After: 1), e500 (first request 500),
always500, slow (every response waits 3 s), drop (every body cut in half and the
connection closed), drop2 (the same from the second request on).
Every request is appended to --log as "MODE PATH?QUERY".  Exits by itself
after --lifetime seconds.
"""
import argparse
import gzip
import os
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
counts = {}
lock = threading.Lock()
args = None

API_PAGES = {0: "s0_m10_bc5a6c384fe9", 10: "s10_m10_34e56e15aaac",
             20: "s20_m10_348a237fecab", 30: "s30_m10_f2e39f0143dc",
             40: "s40_m10_96dd32eb854c", 50: "s50_m10_7f488ab8598c"}
OAI_DC = "oai-oai_dc-ListRecords-2023-03-07-"


def read(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def entry(name):
    """the <entry> of an Atom file, and the document around it"""
    g = read(name)
    i, j = g.find(b"<entry>"), g.rfind(b"</entry>") + len(b"</entry>")
    return g[:i], g[i:j], g[j:]


def oai_pages(which, tok):
    """the hep-ex OAI page cut in two pages that overlap by one record"""
    g = read("oai-arXiv-ListRecords-hep-ex-2017-12-14-trimmed.xml")
    i, j = g.find(b"<record>"), g.rfind(b"</record>") + len(b"</record>")
    recs = [b"<record>" + r for r in g[i:j].split(b"<record>")[1:]]
    size = b"" if which == "04" else b' completeListSize="3"'
    if tok is None:
        body = recs[0] + recs[1]
        t = b'<resumptionToken cursor="0"%s>rep%s|2</resumptionToken>' % (size, which.encode())
    else:
        body = recs[1] + (recs[2] if which == "05" else b"")
        t = b'<resumptionToken cursor="2"%s></resumptionToken>' % size
    return g[:i] + body + t + g[j:]


def route(path, q):
    """-> (status, body, content type)"""
    xml = "application/xml; charset=utf-8"
    if path.startswith("/rss/"):
        cats = path[len("/rss/"):]
        files = {"cs.LG+cs.CL": "handmade-rss-combined.xml",
                 "cs.CL": "rss-cs.CL-2026-08-01-saturday-empty.xml",
                 "cs.LG": "rss-cs.LG-2026-04-27-3items.xml",
                 "cs.HO": "handmade-rss-empty-nodate.xml",
                 "cs.DL": "handmade-rss-empty-2025-09-03.xml"}
        if cats == "cs.BAD":
            g = gzip.decompress(read("rss-cs.AI-2026-04-27-300items.xml.gz"))
            k = [i for i in range(len(g)) if g.startswith(b"Abstract: ", i)][5] + 10
            return 200, g[:k] + b"\xff" + g[k:], "application/rss+xml; charset=utf-8"
        if cats in files:
            return 200, read(files[cats]), "application/rss+xml; charset=utf-8"
        return 404, b"no such feed\n", "text/plain"
    if path == "/api/query":
        sq = q.get("search_query", [""])[0]
        start = int(q.get("start", ["0"])[0])
        if sq.startswith("cat:cs.LG AND submittedDate:"):
            return 200, read("handmade-atom-check-cs.LG.xml"), xml
        if "cat:cs.SHORT" in sq:
            # the API's known fault: an empty page short of its own totalResults
            if start == 0:
                return 200, read("atom-q_testing_s0_m10_bc5a6c384fe9.xml"), xml
            return 200, read("handmade-atom-empty-short.xml"), xml
        if "cat:cs.REP" in sq:
            # a result set that shifted: the slice at 10 repeats the paper at 9
            if start == 0:
                return 200, read("atom-api-slice-repeats-page0.xml"), xml
            with lock:
                counts[sq] = n = counts.get(sq, 0) + 1
            if "cat:cs.REP2" in sq and n >= 2:
                head, _, tail = entry("atom-api-slice-repeats-page1.xml")
                return 200, head + entry("atom-id_1707.08567_s0_m100_6a1afebfc6a3.xml")[1] + tail, xml
            return 200, read("atom-api-slice-repeats-page1.xml"), xml
        if "cat:bad" in sq:
            return 400, read("atom-id_abc_s0_m100_b79c8dcf6bc3.xml"), xml
        if "cat:cs.IT" in sq and start == 0:
            return 200, read("atom-id_1707.08567_s0_m100_6a1afebfc6a3.xml"), xml
        if "cat:cs.LG OR cat:cs.CL" in sq and start in API_PAGES:
            return 200, read("atom-q_testing_%s.xml" % API_PAGES[start]), xml
        return 200, read("atom-id_0000.0000_s0_m100_8b51d9633a68.xml"), xml
    if path == "/oai":
        if q.get("verb") != ["ListRecords"]:
            return 400, b"badVerb\n", "text/plain"
        tok = q.get("resumptionToken")
        if tok:
            # OAI-PMH: resumptionToken is an exclusive argument
            if set(q) != {"verb", "resumptionToken"}:
                return 200, read("handmade-oai-badResumptionToken.xml"), xml
            if tok[0].startswith("rep"):
                return 200, oai_pages(tok[0][3:5], tok[0]), xml
            if tok[0] == "same-token":
                return 200, read("handmade-oai-repeat-token.xml"), xml
            pages = {"6511260|1001": "page2.xml", "6511260|2001": "page3-last.xml"}
            if tok[0] in pages:
                return 200, read(OAI_DC + pages[tok[0]]), xml
            return 200, read("handmade-oai-badResumptionToken.xml"), xml
        if q.get("from", [""])[0] in ("2099-03-03", "2099-04-04", "2099-05-05"):
            return 200, oai_pages(q["from"][0][5:7], None), xml
        if q.get("from") == ["2099-02-02"]:
            return 200, read("handmade-oai-repeat-token.xml"), xml
        if q.get("from") == ["2099-01-01"]:
            return 200, read("handmade-oai-noRecordsMatch.xml"), xml
        if q.get("metadataPrefix") == ["arXiv"]:
            return 200, read("oai-arXiv-ListRecords-hep-ex-2017-12-14-trimmed.xml"), xml
        if q.get("metadataPrefix") == ["oai_dc"] and q.get("from") == ["2023-03-07"]:
            return 200, read(OAI_DC + "page1.xml"), xml
        return 200, read("handmade-oai-noRecordsMatch.xml"), xml
    return 404, b"not found\n", "text/plain"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        path, mode = u.path, ""
        seg = path.split("/")
        if len(seg) > 2 and "-" in seg[1]:
            mode = seg[1]
            path = "/" + "/".join(seg[2:])
        with lock:
            counts[mode] = n = counts.get(mode, 0) + 1
        if args.log:
            with lock, open(args.log, "a") as f:
                f.write("%s %s?%s\n" % (mode or "-", path, u.query))
        kind = mode.split("-")[0]
        if (kind == "r503" and n == 1):
            return self.send(503, b"busy\n", "text/plain", [("Retry-After", "1")])
        if (kind == "e500" and n == 1) or kind == "always500":
            return self.send(500, b"<html>Internal Server Error</html>\n", "text/html")
        if kind == "slow":
            time.sleep(3)
        status, body, ctype = route(path, urllib.parse.parse_qs(u.query))
        if kind == "drop" or (kind == "drop2" and n >= 2):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send(status, body, ctype)

    def send(self, status, body, ctype, headers=()):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    ap.add_argument("--log")
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
