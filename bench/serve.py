#!/usr/bin/env python3
"""Benchmarks for `bekwaam serve`: save-to-visible latency, load, memory.

    python3 bench/serve.py [--pages 10000] [--runs 20] [--edits 1000] [--skip-load] [--sample-only]

1. Latency: with the preview running, append a unique sentence to one page and
   time from the moment the write returns until a GET of that page holds the
   sentence (polled over one keep-alive connection). Median, min and max of
   --runs edits, on the sample handbook and on a generated handbook of
   --pages pages (../shared/bench/gen_corpus.py): an article (the common case:
   only that page and the generated pages are rendered again), a competency,
   and a title change (every page is rendered again).
2. Load: `wrk` with 200 connections for 10 s against the home page and a
   competency page of the sample (install with `apt-get install wrk`).
3. Memory: --edits edits in a row on the sample handbook, each waited for;
   the server's resident memory (VmRSS) every tenth of the run.

Needs a release build: `cargo build --release`; `--bin PATH` measures another
binary instead (to compare two versions, run once with each).
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / "target" / "release" / "bekwaam"
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


class Preview:
    """A running `bekwaam serve -p 0` on a handbook folder."""

    def __init__(self, root):
        self.proc = subprocess.Popen(
            [str(BIN), "--root", str(root), "serve", "-p", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.port = None
        for line in self.proc.stdout:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
                break
        if self.port is None:
            raise SystemExit("bekwaam serve printed no address")
        # Keep reading what the server prints, or it blocks on a full pipe.
        self.lines = []
        threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True).start()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def get(self, path):
        for _ in range(3):
            try:
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                return response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        raise SystemExit(f"GET {path} failed")

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def copy_sample(dest):
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "static", dest / "static")
    shutil.copy(REPO / "config.toml", dest / "config.toml")


def wait_visible(preview, url, marker, timeout=10.0):
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if marker in preview.get(url):
            return
        time.sleep(0.0005)
    raise SystemExit(f"{url} did not show {marker!r} within {timeout} s")


def edit_latency(preview, file, url, runs, change):
    """Times `change(i)` → marker visible at `url`, `runs` times (after a warm-up)."""
    times = []
    for i in range(runs + 1):
        marker = change(i)
        started = time.perf_counter()
        wait_visible(preview, url, marker.encode())
        elapsed = time.perf_counter() - started
        if i > 0:
            times.append(elapsed * 1000)
        time.sleep(0.15)  # let the debouncer and the server settle
    return times


def append_change(file, tag):
    def change(i):
        marker = f"Meetzin {tag} {i} {time.time_ns()}."
        with open(file, "a", encoding="utf-8") as f:
            f.write(f"\n{marker}\n")
        return marker

    return change


def title_change(file):
    text = file.read_text(encoding="utf-8")
    original = re.search(r'^title = "(.*)"$', text, re.M).group(1)

    def change(i):
        marker = f"{original} {i}x{time.time_ns() % 100000}"
        current = file.read_text(encoding="utf-8")
        file.write_text(re.sub(r'^title = ".*"$', f'title = "{marker}"', current, count=1, flags=re.M), encoding="utf-8")
        return marker

    return change


def report(label, times):
    print(
        f"  {label:<44} median {statistics.median(times):7.1f} ms"
        f"   min {min(times):6.1f}   max {max(times):6.1f}   (n={len(times)})"
    )


def url_of(root, file):
    rel = file.relative_to(root / "content").with_suffix("")
    return f"/{rel.as_posix()}/"


def latency(root, label, runs, article=None):
    competency = sorted(p for p in (root / "content" / "competenties").glob("*.md") if p.name != "_index.md")[0]
    preview = Preview(root)
    try:
        print(f"{label}:")
        if article is not None:
            report("edit an article", edit_latency(preview, article, url_of(root, article), runs, append_change(article, "a")))
        report("edit a competency", edit_latency(preview, competency, url_of(root, competency), runs, append_change(competency, "c")))
        target = article if article is not None else competency
        report("change a title (all pages rendered again)", edit_latency(preview, target, url_of(root, target), runs, title_change(target)))
    finally:
        preview.stop()


def load(root):
    if shutil.which("wrk") is None:
        print("load: skipped, wrk is not installed (apt-get install wrk)")
        return
    preview = Preview(root)
    try:
        competency = sorted(p for p in (root / "content" / "competenties").glob("*.md") if p.name != "_index.md")[0]
        for path in ["/", url_of(root, competency)]:
            out = subprocess.run(
                ["wrk", "-t2", "-c200", "-d10s", "--latency", f"http://127.0.0.1:{preview.port}{path}"],
                capture_output=True,
                text=True,
            ).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            total = re.search(r"(\d+) requests in", out).group(1)
            errors = re.search(r"Socket errors: (.*)", out)
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            p99 = re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)
            print(
                f"  wrk -t2 -c200 -d10s {path:<48} {float(rps):9.0f} req/s, {total} requests, p99 {p99}, "
                f"socket errors: {errors.group(1) if errors else 'none'}, non-2xx: {non2xx.group(1) if non2xx else 0}"
            )
        print(f"  server memory after the load: {preview.rss_kb() / 1024:.0f} MB")
    finally:
        preview.stop()


def memory(root, edits):
    competency = sorted(p for p in (root / "content" / "competenties").glob("*.md") if p.name != "_index.md")[0]
    url = url_of(root, competency)
    original = competency.read_text(encoding="utf-8")
    preview = Preview(root)
    samples = []
    try:
        samples.append((0, preview.rss_kb()))
        for i in range(1, edits + 1):
            marker = f"Geheugenzin {i}."
            # Replace rather than append, so the site does not grow with the run.
            competency.write_text(original + f"\n{marker}\n", encoding="utf-8")
            wait_visible(preview, url, marker.encode())
            if i % max(1, edits // 10) == 0:
                samples.append((i, preview.rss_kb()))
        print(f"memory over {edits} edits of one competency (VmRSS of bekwaam serve):")
        print("  " + "  ".join(f"{n}: {kb / 1024:.1f} MB" for n, kb in samples))
    finally:
        preview.stop()
        competency.write_text(original, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--sample-only", action="store_true", help="skip the generated handbook")
    parser.add_argument("--bin", type=Path, help="the bekwaam binary (default: target/release/bekwaam)")
    args = parser.parse_args()
    global BIN
    if args.bin:
        BIN = args.bin.resolve()
    if not BIN.exists():
        raise SystemExit("build first: cargo build --release")
    print(f"machine: {os.cpu_count()} cores; {subprocess.run([str(BIN), '--version'], capture_output=True, text=True).stdout.strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sample = tmp / "sample"
        copy_sample(sample)
        latency(sample, "sample handbook (13 pages)", args.runs)
        if not args.sample_only:
            subprocess.run([sys.executable, str(GEN), str(args.pages), str(tmp / "corpus"), "--layouts", "bekwaam"], check=True, capture_output=True)
            big = tmp / "corpus" / "bekwaam"
            article = sorted((big / "content" / "artikelen").glob("*.md"))[len(list((big / "content" / "artikelen").glob("*.md"))) // 2]
            pages = sum(1 for _ in (big / "content").rglob("*.md"))
            latency(big, f"generated handbook ({pages} Markdown files)", args.runs, article)
        if not args.skip_load:
            load(sample)
        memory(sample, args.edits)


if __name__ == "__main__":
    main()
