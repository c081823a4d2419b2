#!/usr/bin/env python3
"""Build benchmark: Bekwaam (and Hugo, when installed) on the synthetic corpus.

Generates handbooks of N pages with ../shared/bench/gen_corpus.py, builds each
several times with the release binary, and prints the median wall time, pages
per second and peak memory (max RSS, from wait4). When `hugo` is on the PATH it
builds the same pages from the corpus's Hugo layout in the same run, alternating
with Bekwaam, and prints the ratio. Output goes to tmpfs (/dev/shm) where it
exists, as the corpus README advises: it measures the build, not the disk.

    python3 bench/build.py                 # N = 1000 and 10000, 5 runs each
    python3 bench/build.py --sizes 10000 --runs 9
    python3 bench/build.py --vs /tmp/bekwaam-old   # this build against another binary
    python3 bench/build.py --sizes 10000 --levels  # the cost of levels

With --levels, a copy of each corpus gets a scale of three levels in its
config and, on every competency page, the levels table under "## Niveaus"
replaced by one "### level" per level (a description and four indicators,
from the table's own cells) plus four reflection questions; both corpora are
built alternately, run by run, and the ratio is printed.

With --vs, the other binary builds the same corpus in the same run,
alternating with this one run by run, so both see the same machine.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def run(cmd, cwd=None):
    """Runs cmd, returns (wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return wall, usage.ru_maxrss / 1024


LEVELS = ["Startbekwaam", "Vakbekwaam", "Vakvolwassen"]


def levels_section(table_lines):
    """Three levels written from the cells of the corpus's levels table."""
    cells = [c.strip() for line in table_lines[2:] for c in line.strip().strip("|").split("|")]
    cells = [c for c in cells if len(c.split()) > 3] or ["Je werkt aan deze competentie."]
    out = []
    for i, name in enumerate(LEVELS):
        pick = lambda k: cells[(i * 5 + k) % len(cells)]
        out += [f"### {name}", "", pick(0), ""]
        out += [f"- {pick(k)} ({name.lower()} {k})" for k in range(1, 5)]
        out.append("")
    return out


def with_levels(plain, corpus):
    """A copy of the corpus `plain` with levels on every competency page."""
    if (corpus / "config.toml").exists():
        return
    shutil.copytree(plain, corpus)
    with open(corpus / "config.toml", "a", encoding="utf-8") as config:
        config.write("\n[handbook]\nlevels = [%s]\n" % ", ".join(f'"{n}"' for n in LEVELS))
    for page in (corpus / "content" / "competenties").glob("*.md"):
        if page.name == "_index.md":
            continue
        lines = page.read_text(encoding="utf-8").split("\n")
        out, i = [], 0
        while i < len(lines):
            if lines[i].strip() == "## Niveaus":
                j = i + 1
                while j < len(lines) and not lines[j].startswith("## "):
                    j += 1
                table = [line for line in lines[i + 1:j] if line.startswith("|")]
                out += ["## Niveaus", ""] + levels_section(table)
                i = j
                continue
            out.append(lines[i])
            i += 1
        questions = [f"- Vraag {k}: wanneer merkte je deze week dat het over dit gedrag ging?" for k in range(1, 5)]
        out += ["", "## Reflectievragen", ""] + questions + [""]
        page.write_text("\n".join(out), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--vs", metavar="BIN", help="another bekwaam binary to alternate with")
    parser.add_argument("--levels", action="store_true", help="also build a copy with levels on every competency page")
    args = parser.parse_args()

    scratch = Path("/dev/shm") if Path("/dev/shm").is_dir() else REPO / "target"
    work = scratch / "bekwaam-bench"
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    bekwaam = REPO / "target" / "release" / "bekwaam"
    hugo = shutil.which("hugo")
    if hugo:
        version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
        print(f"hugo: {hugo} {version}")
    else:
        print("hugo: not installed (apt-get install hugo), comparison skipped")
    if args.vs:
        print(f"other: {args.vs}")
    print(f"machine: {os.cpu_count()} cores; output on {scratch}; median of {args.runs} runs\n")

    header = f"{'pages':>7} {'tool':<8} {'wall s':>8} {'pages/s':>9} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for n in [int(s) for s in args.sizes.split(",")]:
        corpus = work / f"corpus-{n}"
        if not (corpus / "bekwaam" / "config.toml").exists():
            layouts = "bekwaam,hugo" if hugo else "bekwaam"
            subprocess.run([sys.executable, str(GEN), str(n), str(corpus), "--layouts", layouts, "--force"],
                           check=True, stdout=subprocess.DEVNULL)
        pages = sum(1 for _ in (corpus / "bekwaam" / "content").rglob("*.md"))
        results = {"bekwaam": [], "other": [], "levels": [], "hugo": []}
        levelled = work / f"corpus-{n}-levels"
        if args.levels:
            with_levels(corpus / "bekwaam", levelled)
        for _ in range(args.runs):
            out = work / f"out-{n}"
            results["bekwaam"].append(run([bekwaam, "--root", corpus / "bekwaam", "build", "-o", out]))
            if args.levels:
                results["levels"].append(run([bekwaam, "--root", levelled, "build", "-o", out]))
            if args.vs:
                results["other"].append(run([args.vs, "--root", corpus / "bekwaam", "build", "-o", out]))
            if hugo:
                hugo_out = work / f"hugo-out-{n}"
                shutil.rmtree(hugo_out, ignore_errors=True)
                results["hugo"].append(run([hugo, "--quiet", "-d", hugo_out], cwd=corpus / "hugo"))
        medians = {}
        for tool, samples in results.items():
            if not samples:
                continue
            wall = statistics.median(s[0] for s in samples)
            peak = max(s[1] for s in samples)
            medians[tool] = wall
            print(f"{pages:>7} {tool:<8} {wall:>8.2f} {pages / wall:>9.0f} {peak:>8.0f}")
        if "other" in medians:
            print(f"{pages:>7} ratio    this build takes {medians['bekwaam'] / medians['other']:.3f}x the other's wall time")
        if "levels" in medians:
            print(f"{pages:>7} ratio    with levels the build takes {medians['levels'] / medians['bekwaam']:.3f}x the time without")
        if "hugo" in medians:
            print(f"{pages:>7} ratio    bekwaam takes {medians['bekwaam'] / medians['hugo']:.2f}x Hugo's wall time")
        print()


if __name__ == "__main__":
    main()
