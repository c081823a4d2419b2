#!/usr/bin/env python3
"""Hostile-handbook benchmark: the shapes that used to make a build quadratic.

Writes three handbooks and builds each with the release binary, printing the
median wall time and peak memory (max RSS) over --runs runs:

- headings: one page with 40,000 identical `## Zelfde kop` headings (600 KB);
- tips: one competency with 10,000 identical practice tips;
- competencies: 20,000 small competencies, each naming the next in `related`.

Output goes to tmpfs (/dev/shm) where it exists, so it measures the build,
not the disk. Targets (issue 15): 40,000 headings under 2 s, 20,000
competencies under 30 s, on the 2-core reference machine.

    cargo build --release && python3 bench/hostile.py
    python3 bench/hostile.py --only competencies --runs 1
    python3 bench/hostile.py --bin /tmp/bekwaam-old --timeout 600
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def skeleton(root):
    write(root / "config.toml", 'title = "Groot handboek"\n')
    write(root / "content/_index.md", '+++\ntitle = "Start"\n+++\nWelkom.\n')
    write(root / "content/competenties/_index.md", '+++\ntitle = "Competenties"\n+++\n')


def competency(i, related, tips):
    return (
        f'+++\ntitle = "Competentie {i}"\nweight = {i}\nsummary = "Samenvatting {i}."\n'
        f'related = ["{related}"]\n+++\nTekst {i}.\n\n## Voorbeelden\n\n### Voorbeeld {i}\n\n'
        f"Zo ging het.\n\n## Praktijktips\n\n{tips}\n"
    )


def headings(root):
    skeleton(root)
    body = "## Zelfde kop\n\n" * 40_000
    write(root / "content/koppen.md", f'+++\ntitle = "Koppen"\n+++\n\n{body}')


def tips(root):
    skeleton(root)
    many = "\n".join("- **Zelfde tip**: schrijf op wie wat doet." for _ in range(10_000))
    write(root / "content/competenties/c0.md", competency(0, "c0", many))


def competencies(root):
    skeleton(root)
    n = 20_000
    for i in range(n):
        write(
            root / f"content/competenties/c{i:05}.md",
            competency(i, f"c{(i + 1) % n:05}", f"- **Tip {i}**: doe het zo."),
        )


CASES = {"headings": headings, "tips": tips, "competencies": competencies}


def run(cmd, timeout):
    """Runs cmd; returns (wall seconds, peak RSS in MB), or None on timeout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            return None
        time.sleep(0.01)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}")
    return wall, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(REPO / "target/release/bekwaam"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per build before giving up")
    args = parser.parse_args()
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    for name in args.only or list(CASES):
        work = Path(tempfile.mkdtemp(prefix=f"bekwaam-{name}-", dir=base))
        try:
            root, out = work / "handboek", work / "public"
            CASES[name](root)
            times, peak = [], 0.0
            for _ in range(args.runs):
                result = run([args.bin, "--root", str(root), "build", "-o", str(out)], args.timeout)
                if result is None:
                    print(f"{name:13} over {args.timeout:.0f} s (stopped)")
                    break
                times.append(result[0])
                peak = max(peak, result[1])
            else:
                print(f"{name:13} median {statistics.median(times):7.2f} s  "
                      f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs)  peak {peak:.0f} MB")
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
