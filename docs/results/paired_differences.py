"""Paired per-seed differences of top-1 between points of a RankSweep sweep, from its `--json` leaderboard.

Each seed trains its own base model, so two points of one sweep are compared seed by seed (a paired design): the
mean difference with a two-sided 95 % Student's t interval over the seeds. Usage:
    python3 docs/results/paired_differences.py docs/results/fmnist-fair.json
"""
import json, sys, statistics as st, math
rows = json.load(open(sys.argv[1]))
T = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776}
def ci(xs):
    m = st.mean(xs)
    if len(xs) < 2: return m, None
    return m, T[len(xs)-1] * st.stdev(xs) / math.sqrt(len(xs))
by = {}
for r in rows:
    if r['state'] != 'COMPLETED': continue
    by.setdefault((r['label'], r.get('budget')), {})[r['seed']] = r['top1']
def fmt(m, h): return f"{100*m:+.2f} ± {100*h:.2f}" if h is not None else f"{100*m:+.2f}"
pairs = []
for b in [0.5, 0.25, 0.125]:
    pairs += [(('comcat', b), ('svd-matrix', b)), (('comcat', b), ('head-prune', b)), (('svd-matrix', b), ('head-prune', b)),
              (('comcat', b), ('dense-ft', None))]
pairs += [(('comcat-auto', 0.5), ('comcat-auto-uniform', 0.5)), (('comcat-auto', 0.5), ('comcat', 0.5)),
          (('comcat-auto-uniform', 0.5), ('comcat', 0.5)), (('dense-ft', None), ('dense', None))]
print("| A | B | seeds | mean top-1 A − B (pp) ± 95 % | verdict |")
print("|---|---|---|---|---|")
for a, b in pairs:
    A, B = by.get(a, {}), by.get(b, {})
    seeds = sorted(set(A) & set(B))
    if not seeds: continue
    d = [A[s] - B[s] for s in seeds]
    m, h = ci(d)
    verdict = "no ordering (interval contains 0)" if h is None or abs(m) <= h else ("A higher" if m > 0 else "B higher")
    name = lambda p: p[0] + ("" if p[1] is None else f" {p[1]:g}")
    print(f"| {name(a)} | {name(b)} | {len(seeds)} | {fmt(m, h)} | {verdict} |")
