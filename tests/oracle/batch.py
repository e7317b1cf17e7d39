#!/usr/bin/env python3
"""batch.py OUTDIR FIRST COUNT: for seeds FIRST..FIRST+COUNT-1, generates a
data set OUTDIR/SEED with fuzzgen.py and the reference answers of ref.py, in
one Python process (starting Python per seed is too slow):

  OUTDIR/SEED.args   arguments after `rank DIR`, one run per line
  OUTDIR/SEED.N.rc   ref.py's exit status of run N (1-based line of .args)
  OUTDIR/SEED.N.out  ref.py's stdout of run N
  OUTDIR/SEED-bad    for some seeds: a data set with injected errors
  OUTDIR/SEED-bad.expect  ref.py's `check` positions FILE:LINE for it
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzzgen  # noqa: E402
import ref  # noqa: E402


def main():
    out, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    for seed in range(first, first + count):
        d = os.path.join(out, str(seed))
        g = fuzzgen.Gen(str(seed))
        g.make(d)
        runs = ["--format csv"]
        rng = random.Random("period%d" % seed)
        if "半年" in g.periods and rng.random() < 0.5:
            runs.append("--format csv --period " +
                        rng.choice(["半年", "half", "HALF", "年终", "year"]))
        with open(os.path.join(out, "%d.args" % seed), "w") as f:
            f.write("".join(r + "\n" for r in runs))
        for n, r in enumerate(runs, 1):
            a = r.split()
            period = a[a.index("--period") + 1] if "--period" in a else None
            rc, o, e = ref.run("rank", d, period)
            with open(os.path.join(out, "%d.%d.rc" % (seed, n)), "w") as f:
                f.write("%d\n" % rc)
            with open(os.path.join(out, "%d.%d.out" % (seed, n)), "wb") as f:
                f.write(o.encode("utf-8"))
            if e:
                with open(os.path.join(out, "%d.%d.err" % (seed, n)), "wb") as f:
                    f.write(e.encode("utf-8"))
        if seed % 2 == 0:
            d = os.path.join(out, "%d-bad" % seed)
            fuzzgen.Gen(str(seed), bad=True).make(d)
            rc, o, e = ref.run("check", d)
            with open(d + ".expect", "wb") as f:
                f.write(o.encode("utf-8"))


if __name__ == "__main__":
    main()
