"""Optuna side of bench/tune-quality.ts: best value found per function, sampler and seed, and
the time per suggestion with many finished trials. Prints one JSON object per line.

  /usr/bin/python3 bench/tune_quality_optuna.py quality --seeds 20 --trials 100 [--functions Branin,...] [--samplers tpe,...] [--jobs 3]
  /usr/bin/python3 bench/tune_quality_optuna.py timing --sizes 1000,5000
  /usr/bin/python3 bench/tune_quality_optuna.py zdt --seeds 10 --trials 100 --dims 30

Debian's python3-optuna 3.1 with the one-line fix of upstream PR #5110 applied at run time:
test/fixtures/tune/optuna_patch.py replaces optuna.samplers._tpe._truncnorm.logpdf by the same
function minus log(scale) (3.1 leaves that term out of the truncated normal's log density).
The functions are the same formulas as bench/samplers-functions.ts.
"""
import argparse
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import optuna

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "tune"))
import optuna_patch  # noqa: E402

optuna_patch.apply()
optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")

H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
H6_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                        [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
H6_ALPHA = [1, 1.2, 3, 3.2]


def branin(x):
    x1, x2 = x
    return (x2 - 5.1 / (4 * math.pi ** 2) * x1 ** 2 + 5 / math.pi * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


def hartmann6(x):
    return -sum(a * math.exp(-sum(H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2 for j in range(6))) for i, a in enumerate(H6_ALPHA))


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(len(x) - 1))


def ackley(x):
    d = len(x)
    s1 = sum(v * v for v in x)
    s2 = sum(math.cos(2 * math.pi * v) for v in x)
    return -20 * math.exp(-0.2 * math.sqrt(s1 / d)) - math.exp(s2 / d) + 20 + math.e


def styblinski_tang(x):
    return sum(v ** 4 - 16 * v ** 2 + 5 * v for v in x) / 2


def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    s = math.sin(math.pi * w[0]) ** 2 + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)
    for i in range(len(w) - 1):
        s += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
    return s


BOXES = {
    "Branin": (branin, [(-5, 10), (0, 15)]),
    "Hartmann-6": (hartmann6, [(0, 1)] * 6),
    "Rosenbrock-4": (rosenbrock, [(-5, 10)] * 4),
    "Ackley-5": (ackley, [(-32.768, 32.768)] * 5),
    "Levy-4": (levy, [(-10, 10)] * 4),
    "Styblinski-Tang-5": (styblinski_tang, [(-5, 5)] * 5),
}

OPT_BEST_LR = {"sgd": 1e-1, "momentum": 1e-2, "adam": 1e-3, "rmsprop": 3e-4}
OPT_BASE = {"sgd": 0.08, "momentum": 0.03, "adam": 0.0, "rmsprop": 0.02}


def mixed_value(opt, layers, lr, batch):
    lr_term = math.log10(lr) - math.log10(OPT_BEST_LR[opt]) - 0.5 * math.log10(batch / 64)
    return 0.2 + OPT_BASE[opt] + 0.03 * lr_term ** 2 + 0.015 * (layers - 3) ** 2 + 0.004 * (math.log2(batch) - 6) ** 2


def objective(name):
    if name == "ML-mixed":
        def run(trial):
            opt = trial.suggest_categorical("optimizer", ["sgd", "momentum", "adam", "rmsprop"])
            layers = trial.suggest_int("layers", 1, 8)
            lr = trial.suggest_float("lr", 1e-5, 1.0, log=True)
            batch = trial.suggest_int("batch", 8, 1024, log=True)
            return mixed_value(opt, layers, lr, batch)
        return run
    f, bounds = BOXES[name]
    return lambda trial: f([trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)])


SAMPLERS = {
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe-mv": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
    "cmaes": lambda seed: optuna.samplers.CmaEsSampler(seed=seed),
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
}
FUNCTIONS = list(BOXES) + ["ML-mixed"]


def one_run(task):
    fn, sampler, seed, trials, checkpoints, base = task
    t0 = time.process_time()
    study = optuna.create_study(sampler=SAMPLERS[sampler](base + seed))
    study.optimize(objective(fn), n_trials=trials)
    values = [t.value for t in study.trials]
    best = [float(min(values[:c])) for c in checkpoints]
    return {"function": fn, "sampler": sampler, "seed": seed, "best": best, "cpuS": time.process_time() - t0}


def quality(args):
    checkpoints = [int(c) for c in args.checkpoints.split(",")]
    tasks = [(fn, sampler, s, args.trials, checkpoints, args.seed_base) for fn in args.functions.split(",") for sampler in args.samplers.split(",") for s in range(args.seeds)]
    if args.jobs <= 1:
        results = map(one_run, tasks)
    else:
        import multiprocessing
        results = multiprocessing.Pool(args.jobs).imap_unordered(one_run, tasks)
    for r in results:
        print(json.dumps(r), flush=True)


def timing(args):
    names = ["a", "b", "c", "d"]
    dists = {n: optuna.distributions.FloatDistribution(0, 1) for n in names}
    for size in [int(v) for v in args.sizes.split(",")]:
        for label, sampler in (("tpe", optuna.samplers.TPESampler(seed=0)), ("tpe-mv", optuna.samplers.TPESampler(seed=0, multivariate=True))):
            rng = np.random.RandomState(1)
            study = optuna.create_study(sampler=sampler)
            study.add_trials([optuna.trial.create_trial(params={n: float(v) for n, v in zip(names, x)}, distributions=dists, value=hartmann6(list(x) + [0.5, 0.5]))
                              for x in rng.uniform(0, 1, (size, 4))])
            times = []
            for r in range(args.rounds + 1):
                t0 = time.process_time()
                trial = study.ask()
                x = [trial.suggest_float(n, 0, 1) for n in names]
                study.tell(trial, hartmann6(x + [0.5, 0.5]))
                if r > 0:
                    times.append((time.process_time() - t0) * 1000)
            print(json.dumps({"timing": label, "trials": size, "cpuMs": float(np.median(times))}), flush=True)


def zdt_values(name, x):
    g = 1 + 9 * sum(x[1:]) / (len(x) - 1)
    ratio = x[0] / g
    return [x[0], g * (1 - (math.sqrt(ratio) if name == "ZDT1" else ratio ** 2))]


def zdt(args):
    """Final Pareto-front values of Optuna's NSGA-II (default settings) per function and seed."""
    for name in args.functions.split(","):
        for s in range(args.seeds):
            study = optuna.create_study(directions=["minimize", "minimize"], sampler=optuna.samplers.NSGAIISampler(seed=1000 + s))
            study.optimize(lambda t: zdt_values(name, [t.suggest_float(f"x{i}", 0, 1) for i in range(args.dims)]), n_trials=args.trials)
            print(json.dumps({"function": name, "seed": s, "front": [t.values for t in study.best_trials]}), flush=True)


parser = argparse.ArgumentParser()
sub = parser.add_subparsers(dest="mode", required=True)
q = sub.add_parser("quality")
q.add_argument("--seeds", type=int, default=20)
q.add_argument("--trials", type=int, default=100)
q.add_argument("--checkpoints", default="25,50,100")
q.add_argument("--functions", default=",".join(FUNCTIONS))
q.add_argument("--samplers", default=",".join(SAMPLERS))
q.add_argument("--jobs", type=int, default=1, help="runs in parallel processes (results do not depend on it)")
q.add_argument("--seed-base", type=int, default=1000, help="seeds are seed_base + 0 .. seeds - 1 (2000 gives a held-out set)")
t = sub.add_parser("timing")
t.add_argument("--sizes", default="1000,5000")
t.add_argument("--rounds", type=int, default=5)
z = sub.add_parser("zdt")
z.add_argument("--functions", default="ZDT1,ZDT2")
z.add_argument("--seeds", type=int, default=10)
z.add_argument("--trials", type=int, default=100)
z.add_argument("--dims", type=int, default=30)
args = parser.parse_args()
{"quality": quality, "timing": timing, "zdt": zdt}[args.mode](args)
