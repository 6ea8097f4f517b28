"""Time to load and validate the whole shipped course: from YAML (cold) and from the cache (warm).

Goal (issue 2): at most 40 ms for the load that commands do. Run: python bench/content_load.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

GOAL_MS = 40.0


def main() -> int:
    os.environ["DLTUTOR_HOME"] = tempfile.mkdtemp(prefix="dltutor-bench-")
    from dltutor.course.load import course_files, load_course
    from dltutor.paths import content_dir

    files = len(course_files(content_dir()))
    load_course(use_cache=False)  # imports and first-time setup out of the way

    def measure(**kw) -> float:
        samples = []
        for _ in range(30):
            start = time.perf_counter()
            load_course(**kw)
            samples.append(time.perf_counter() - start)
        return statistics.median(samples) * 1000

    cold = measure(use_cache=False)
    load_course()
    warm = measure()
    print(f"{files} content files")
    print(f"parse + validate (no cache): {cold:6.1f} ms  ({cold / GOAL_MS:.2f} of the {GOAL_MS:.0f} ms goal)")
    print(f"cached load                : {warm:6.1f} ms  ({warm / GOAL_MS:.2f} of the {GOAL_MS:.0f} ms goal)")
    ok = max(cold, warm) <= GOAL_MS
    print("within the goal" if ok else "OVER the goal")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
