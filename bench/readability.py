#!/usr/bin/env python3
"""What the B1 writing help costs: `check` against `check --leesbaarheid`.

Runs both on the sample handbook and on handbooks of N pages made with
../shared/bench/gen_corpus.py, alternating run by run so both see the same
machine, with the release binary. Prints the median wall time, the peak
memory (max RSS, from wait4) and the number of warnings of each. The corpus
goes to tmpfs (/dev/shm) where it exists and is removed at the end.

    python3 bench/readability.py                  # sample, N = 1000 and 10000, 5 runs
    python3 bench/readability.py --sizes 10000 --runs 9
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def run(cmd):
    """Runs cmd, returns (wall seconds, peak RSS in MB)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def warnings(cmd):
    """The number of warnings `check --format json` finds."""
    out = subprocess.run(cmd + ["--format", "json"], capture_output=True, check=True)
    return json.loads(out.stdout)["warnings"]


def measure(name, root, bekwaam, runs):
    plain = [str(bekwaam), "--root", str(root), "check"]
    helped = plain + ["--leesbaarheid"]
    samples = {"check": [], "--leesbaarheid": []}
    for _ in range(runs):
        samples["check"].append(run(plain))
        samples["--leesbaarheid"].append(run(helped))
    counts = {"check": warnings(plain), "--leesbaarheid": warnings(helped)}
    walls = {}
    for what, found in samples.items():
        wall = statistics.median(s[0] for s in found)
        peak = max(s[1] for s in found)
        walls[what] = wall
        print(f"{name:>9} {what:<15} {wall:>8.2f} {peak:>8.0f} {counts[what]:>9}")
    print(f"{name:>9} extra           {walls['--leesbaarheid'] - walls['check']:>+8.2f} s\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    scratch = Path("/dev/shm") if Path("/dev/shm").is_dir() else REPO / "target"
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    bekwaam = REPO / "target" / "release" / "bekwaam"
    print(f"machine: {os.cpu_count()} cores; median of {args.runs} runs\n")
    print(f"{'pages':>9} {'command':<15} {'wall s':>8} {'peak MB':>8} {'warnings':>9}")
    print("-" * 53)
    measure("sample", REPO, bekwaam, args.runs)
    work = Path(tempfile.mkdtemp(prefix="bekwaam-readability-", dir=scratch))
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            corpus = work / f"corpus-{n}"
            subprocess.run([sys.executable, str(GEN), str(n), str(corpus), "--layouts", "bekwaam"],
                           check=True, stdout=subprocess.DEVNULL)
            pages = sum(1 for _ in (corpus / "bekwaam" / "content").rglob("*.md"))
            measure(f"{pages:,}", corpus / "bekwaam", bekwaam, args.runs)
            shutil.rmtree(corpus)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
