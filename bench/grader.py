"""The short-answer grader against labelled learner answers, its speed, and `dltutor quiz`'s first question.

Goals (issue 10), on the working set and on the set-aside fifth (tests/data/grader/):
- at least 95% agreement on right vs not right;
- at most 2% of wrong, nonsense or keyword-salad answers graded right;
- at least 85% of right paraphrases graded right (at most 15% not graded right);
- grading one answer takes at most 10 ms (median, rules alone);
- `dltutor quiz` shows its first question no later than the base commit does (ratio at most 1.1,
  measured side by side in interleaved rounds; the base is checked out as a git worktree under /tmp).

Run: python bench/grader.py [--base COMMIT] [--rounds N] [--no-startup] [--show-disagreements]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # a source checkout without `pip install -e .`

BASE = "be60414"  # main when the grader work began
STARTUP_GOAL = 1.1
MEDIAN_GOAL_MS = 10.0


def labelled_set():
    spec = importlib.util.spec_from_file_location("grader_set", ROOT / "tests" / "grader_set.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["grader_set"] = module
    spec.loader.exec_module(module)
    return module


def report(name: str, figures, goals) -> bool:
    print(f"{name}: {figures.answers} answers")
    print(f"  agreement right vs not right   {figures.agreement:7.1%}   (goal >= {goals['agreement']:.0%})")
    print(f"  wrong or salad graded right    {figures.wrong_graded_right:7.1%}   (goal <= {goals['wrong_graded_right']:.0%})")
    print(f"  right paraphrases not right    {figures.right_not_right:7.1%}   (goal <= {goals['right_not_right']:.0%})")
    print("  graded right, by kind of answer:")
    for kind, (n, share) in figures.by_kind.items():
        print(f"    {kind:<14}{n:>5}   {share:7.1%}")
    return True


def time_grading(answers, question) -> list[float]:
    from dltutor.study.grading import grade_short_answer

    times = []
    for a in answers:  # each answer once: nothing about an answer is cached between them
        q = question(a)
        start = time.perf_counter()
        grade_short_answer(a.text, q.key_points, q.misconceptions)
        times.append(time.perf_counter() - start)
    return times


def first_question(python: str, path: Path, home: str) -> float:
    """Seconds from starting `dltutor quiz` to its first question on the screen (stdout)."""
    env = {**os.environ, "PYTHONPATH": str(path), "DLTUTOR_HOME": home, "COLUMNS": "80", "NO_COLOR": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen([python, "-m", "dltutor", "quiz", "lecture-3", "--n", "3", "--seed", "1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    seen = b""
    try:
        while b"Your answer" not in seen:
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            if not ready:
                raise RuntimeError(f"no question from {path} in 30 s")
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"{path}: quiz ended before its first question: {seen[-300:]!r}")
            seen += chunk
        return time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait()


def startup(base: str, rounds: int) -> bool:
    """Time to the first question, this tree against the base commit, interleaved round by round."""
    worktree = Path(tempfile.gettempdir()) / f"dltutor-base-{base}"
    if not worktree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), base],
                       check=True, capture_output=True)
    cases = {"base " + base: worktree, "this tree": ROOT}
    homes = {name: tempfile.mkdtemp(prefix="dltutor-bench-") for name in cases}
    for name, path in cases.items():  # warm up: byte code, the content cache, the database
        first_question(sys.executable, path, homes[name])
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, path in cases.items():
            times[name].append(first_question(sys.executable, path, homes[name]))
    base_ms = statistics.median(times["base " + base]) * 1000
    ours_ms = statistics.median(times["this tree"]) * 1000
    print(f"`dltutor quiz` to its first question ({rounds} rounds, median):")
    print(f"  base {base}   {base_ms:7.1f} ms")
    print(f"  this tree     {ours_ms:7.1f} ms   ratio {ours_ms / base_ms:.2f}   (goal <= {STARTUP_GOAL})")
    return ours_ms / base_ms <= STARTUP_GOAL


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--show-disagreements", action="store_true")
    parser.add_argument("--working-only", action="store_true", help="leave the set-aside fifth unscored (while tuning)")
    args = parser.parse_args()

    gs = labelled_set()
    from dltutor.course.load import load_course
    from dltutor.study.grading import grade_short_answer

    course = load_course()

    def question(a):
        return next(q for q in course.lecture(a.lecture).quiz if q.number == a.number)

    def verdict(a):
        q = question(a)
        return grade_short_answer(a.text, q.key_points, q.misconceptions).verdict

    ok = True
    everything = gs.load()
    grade_short_answer("warm up", question(everything[0]).key_points)  # the lexicon compiles once, at first use
    sets = [("working set", gs.working())] + ([] if args.working_only else [("set-aside fifth", gs.held_out())])
    for name, answers in sets:
        figures = gs.score(answers, verdict)
        report(name, figures, gs.GOALS)
        met = gs.meets_goals(figures)
        print(f"  {'within' if met else 'OUTSIDE'} the goals")
        ok &= met
        if args.show_disagreements:
            for a, v in figures.disagreements:
                print(f"    {a.where}: labelled {a.label} ({a.kind}), graded {v}: {a.text}")
    times = time_grading(everything, question)
    median_ms = statistics.median(times) * 1000
    p90 = sorted(times)[int(0.9 * len(times))] * 1000
    print(f"grading one answer, rules alone: median {median_ms:.2f} ms, 90th percentile {p90:.2f} ms, "
          f"worst {max(times) * 1000:.2f} ms over {len(times)} answers (goal: median <= {MEDIAN_GOAL_MS:g} ms)")
    ok &= median_ms <= MEDIAN_GOAL_MS
    if not args.no_startup:
        ok &= startup(args.base, args.rounds)
    print("all goals met" if ok else "SOME GOALS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
