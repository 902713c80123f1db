#!/usr/bin/python3
"""Compare the paired speed-ups of two runs of the same sweep, trial by trial.

Reads two leaderboards written by `ranksweep local SPEC --json FILE`, pairs their trials by method, label, budget,
ranks and seed, and prints a Markdown table: each trial's speed-up over the dense base in both runs, their relative
difference (second / first - 1) and whether it lies within the tolerance (default 5 %). Exits 1 when a trial of one
run is missing from the other, or lies outside the tolerance.

Usage: python3 benchmarks/speedup_repeat.py FIRST.json SECOND.json [--tolerance 0.05]
"""
import argparse
import json
import sys


def key(trial):
    return (trial["method"], trial.get("label"), trial.get("budget"), json.dumps(trial.get("ranks"), sort_keys=True),
            trial.get("seed"))


def load(path):
    with open(path) as stream:
        trials = json.load(stream)
    return {key(trial): trial for trial in trials}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--tolerance", type=float, default=0.05)
    settings = parser.parse_args()
    first, second = load(settings.first), load(settings.second)
    if first.keys() != second.keys():
        sys.exit(f"the runs have different trials: only in the first {sorted(first.keys() - second.keys())},"
                 f" only in the second {sorted(second.keys() - first.keys())}")
    print("| trial | method | budget | speed-up, run 1 | speed-up, run 2 | difference | within ±"
          f"{settings.tolerance:.0%} |")
    print("|---|---|---|---|---|---|---|")
    outside = 0
    differences = []
    for trial_key in sorted(first, key=lambda k: first[k]["trialId"]):
        a, b = first[trial_key], second[trial_key]
        difference = b["speedupVsDense"] / a["speedupVsDense"] - 1
        differences.append(abs(difference))
        within = abs(difference) <= settings.tolerance
        outside += 0 if within else 1
        budget = "-" if a.get("budget") is None else f"{a['budget']:.3f}"
        print(f"| {a['trialId']} {a.get('label') or a['method']} | {a['method']} | {budget} |"
              f" {a['speedupVsDense']:.3f}x | {b['speedupVsDense']:.3f}x | {difference:+.1%} |"
              f" {'yes' if within else '**no**'} |")
    print(f"\n{len(differences) - outside} of {len(differences)} trials within ±{settings.tolerance:.0%};"
          f" largest difference {max(differences):.1%}")
    sys.exit(1 if outside else 0)


if __name__ == "__main__":
    main()
