#!/usr/bin/env python3
"""Benchmark for the search index: size, first query and keystrokes.

    pip install websocket-client      # the one dependency, for Chromium's DevTools protocol
    python3 bench/search.py [--pages 10000] [--runs 5] [--builds-only]

Generates a handbook of --pages pages with ../shared/bench/gen_corpus.py,
builds it with `--portable` (release binary), opens it in headless Chromium
from file:// and measures, in the page, through the theme's own search script:

- index bytes per page (all files below zoek/, divided by the pages);
- the first query on a fresh page: files and bytes the browser read for it
  (the manifest, term chunks and fragments; sizes taken from disk, since
  file:// reports no transfer sizes) and its latency;
- typing a 12-letter word one letter at a time: the latency of each
  keystroke's query (warm: the page stays open), median and 95th percentile
  over several words;
- a misspelt word (one letter swapped, as a reader types it) on a fresh
  page: its latency until the "Bedoel je" suggestions are there, and the
  bytes read for it;
- the size of the search script and of the stemmer it loads, plain and
  gzip-compressed;
- the build time with and without the index: the same binary and handbook,
  once more with `[search] enabled = false` in its config.toml, and the
  difference in seconds.
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / "target" / "release" / "bekwaam"
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
CHROMIUM = os.environ.get("BEKWAAM_CHROMIUM", "/usr/bin/chromium")
WORDS = ["samenwerking", "communicatie", "ontwikkeling", "doelstelling", "zelfstandige", "samenvatting"]


class Chromium:
    """Just enough of the DevTools protocol: open a page, evaluate, await."""

    def __init__(self, profile):
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--no-first-run", "--allow-file-access-from-files",
             f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        for line in self.proc.stderr:
            if "DevTools listening on ws://" in line:
                port = int(line.split("ws://127.0.0.1:")[1].split("/")[0])
                break
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
        page = next(t for t in targets if t["type"] == "page")
        # Without an Origin header: newer Chromium refuses DevTools connections
        # from an origin it was not told to allow.
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message["result"]

    def eval(self, js):
        result = self.call("Runtime.evaluate", expression=js, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def goto(self, url):
        self.call("Page.enable")
        self.call("Page.navigate", url=url)
        for _ in range(400):
            if self.eval("document.readyState") == "complete" and self.eval("location.href") == url:
                return
            time.sleep(0.025)
        raise RuntimeError(f"{url} did not load")

    def close(self):
        self.ws.close()
        self.proc.kill()
        self.proc.wait()


def build(binary, root, out, portable=True):
    # A fresh folder: otherwise the previous output is removed by a
    # background `rm` that would still be running during the next build.
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([str(binary), "--root", str(root), "build", "-o", str(out)] + (["--portable"] if portable else []),
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--builds-only", action="store_true",
                        help="measure the build times only, without the browser")
    parser.add_argument("--browser-only", action="store_true",
                        help="build once and measure in the browser only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, str(GEN), str(args.pages), str(tmp / "corpus"), "--layouts", "bekwaam"],
                       check=True, capture_output=True)
        root = tmp / "corpus" / "bekwaam"
        out = Path("/dev/shm") / f"bekwaam-search-bench-{os.getpid()}"
        pages = sum(1 for _ in (root / "content").rglob("*.md"))
        off = tmp / "corpus" / "zonder-zoeken"
        shutil.copytree(root, off)
        with open(off / "config.toml", "a", encoding="utf-8") as config:
            config.write("\n[search]\nenabled = false\n")
        base_out = Path("/dev/shm") / f"bekwaam-search-bench-base-{os.getpid()}"
        # Alternated, so that noise on the machine hits both alike; the
        # portable build last, as the browser measurements below use it.
        for portable in (True,) if args.browser_only else (False, True):
            if args.browser_only:
                build(BIN, root, out, portable)
                break
            times, base = [], []
            for _ in range(args.runs):
                base.append(build(BIN, off, base_out, portable))
                times.append(build(BIN, root, out, portable))
            kind = "--portable build" if portable else "build"
            if os.environ.get("BENCH_VERBOSE"):
                print("  with:", " ".join(f"{t:.2f}" for t in times), " without:", " ".join(f"{t:.2f}" for t in base))
            print(f"{pages} pages, {kind}, median of {args.runs}: with index {statistics.median(times):.2f} s, "
                  f"without ([search] enabled = false) {statistics.median(base):.2f} s: "
                  f"the index adds {statistics.median(times) - statistics.median(base):.2f} s")
        shutil.rmtree(base_out, ignore_errors=True)
        if args.builds_only:
            shutil.rmtree(out, ignore_errors=True)
            return
        index = out / "zoek"
        index_bytes = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
        files = sum(1 for f in index.rglob("*") if f.is_file())
        print(f"  index: {index_bytes / 1e6:.1f} MB in {files} files, {index_bytes / pages / 1024:.1f} KB per page")

        for name in ("bekwaam-zoek.js", "bekwaam-stam-nl.js"):
            data = (out / name).read_bytes()
            print(f"  {name}: {len(data) / 1024:.1f} KB, {len(gzip.compress(data, 9)) / 1024:.1f} KB gzip -9")

        first = []
        keystrokes = []
        read_bytes = []
        read_files = []
        typo_ms = []
        typo_bytes = []
        for word in WORDS:
            browser = Chromium(tmp / f"profile-{word}")
            try:
                url = (out / "index.html").as_uri()
                browser.goto(url)
                # The search script loads when someone types in the field.
                browser.eval("document.getElementById('zoekveld').dispatchEvent(new Event('input'))")
                browser.eval("new Promise(r => { const w = () => window.bekwaamSearch && window.bekwaamSearch.query ? r() : setTimeout(w, 10); w(); })")
                # The first query on a fresh page: manifest, chunks, fragments.
                ms = browser.eval(
                    f"(async () => {{ const t = performance.now(); await window.bekwaamSearch.query({json.dumps(word + ' ')}); return performance.now() - t; }})()")
                first.append(ms)
                sizes = loaded_sizes(browser)
                read_bytes.append(sum(sizes))
                read_files.append(len(sizes))
                # Typing the word letter by letter, on a page that has searched.
                for i in range(1, len(word) + 1):
                    ms = browser.eval(
                        f"(async () => {{ const t = performance.now(); await window.bekwaamSearch.query({json.dumps(word[:i])}); return performance.now() - t; }})()")
                    keystrokes.append(ms)
                    if os.environ.get("BENCH_VERBOSE"):
                        print(f"    {word[:i]}: {ms:.1f} ms")
            finally:
                browser.close()
            # A misspelt word on a fresh page: the first two letters swapped
            # (which the suggestions look for in a chunk of its own).
            typo = word[1] + word[0] + word[2:]
            browser = Chromium(tmp / f"profile-typo-{word}")
            try:
                browser.goto((out / "index.html").as_uri())
                browser.eval("document.getElementById('zoekveld').dispatchEvent(new Event('input'))")
                browser.eval("new Promise(r => { const w = () => window.bekwaamSearch && window.bekwaamSearch.query ? r() : setTimeout(w, 10); w(); })")
                found = browser.eval(
                    f"(async () => {{ const t = performance.now(); const r = await window.bekwaamSearch.query({json.dumps(typo + ' ')}); "
                    f"return [performance.now() - t, r.missing.length ? r.missing[0].suggestions : []]; }})()")
                typo_ms.append(found[0])
                typo_bytes.append(sum(loaded_sizes(browser)))
                if os.environ.get("BENCH_VERBOSE"):
                    print(f"  {typo}: {found[1]}")
            finally:
                browser.close()
        shutil.rmtree(out, ignore_errors=True)
        keystrokes.sort()
        p95 = keystrokes[int(len(keystrokes) * 0.95) - 1]
        print(f"  first query (fresh page, {len(WORDS)} words): median {statistics.median(first):.0f} ms, "
              f"max {max(first):.0f} ms; read median {statistics.median(read_bytes) / 1024:.0f} KB "
              f"(max {max(read_bytes) / 1024:.0f} KB) in median {statistics.median(read_files):.0f} files")
        print(f"  per keystroke ({len(keystrokes)} keystrokes of 12-letter words): median "
              f"{statistics.median(keystrokes):.1f} ms, p95 {p95:.1f} ms, max {max(keystrokes):.1f} ms")
        print(f"  misspelt word with suggestions (fresh page, {len(WORDS)} words): median "
              f"{statistics.median(typo_ms):.0f} ms, max {max(typo_ms):.0f} ms; read median "
              f"{statistics.median(typo_bytes) / 1024:.0f} KB (max {max(typo_bytes) / 1024:.0f} KB)")


def loaded_sizes(browser):
    """The sizes of the index files and the stemmer a page has loaded.

    file:// loads are not in Resource Timing; the search script loads every
    index file and the stemmer as a <script> it adds to <head>."""
    loaded = browser.eval(
        "[...document.querySelectorAll('script[src*=\"/zoek/\"], script[src*=\"bekwaam-stam-\"]')].map(s => s.src)")
    sizes = []
    for name in loaded:
        path = Path(urllib.request.url2pathname(name.split("?")[0].removeprefix("file://")))
        sizes.append(path.stat().st_size)
    return sizes


if __name__ == "__main__":
    main()
