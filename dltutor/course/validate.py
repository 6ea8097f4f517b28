"""Validation of content paths for `dltutor content validate`, shipped or the learner's own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dltutor.course.load import (
    KINDS, SourceFile, content_warnings, course_files, cross_check, display_path, read_file, validate,
)


@dataclass(frozen=True)
class Report:
    problems: list[str]
    files: int
    lectures: int = 0
    questions: int = 0
    prompts: int = 0
    terms: int = 0
    warnings: list[str] = field(default_factory=list)  # allowed but likely wrong: printed, never fatal


def _report(files: dict[str, list[dict]], problems: list[str], count: int, warnings: list[str]) -> Report:
    lectures = files["lectures"]
    terms = {e["id"] for lec in lectures for e in lec["glossary"]}
    return Report(
        problems, count, len(lectures),
        sum(len(lec["quiz"]) for lec in lectures),
        sum(len(lec["essay_prompts"]) for lec in lectures),
        len(terms),
        warnings,
    )


def _kind_of(path: Path) -> str:
    return path.parent.name if path.parent.name in KINDS else "lectures"


def validate_paths(paths: list[Path]) -> Report:
    """Problems in the given content folders and files.

    A folder with lectures/, topics/ or pages/ inside is a whole course and is checked alone.
    Loose files are checked against the shipped course, replacing what has their id, so a
    learner can check an edited copy of a lecture or a lecture of their own.
    """
    from dltutor.paths import content_dir

    if not paths:
        sources = course_files(content_dir())
        files, problems = validate(sources)
        problems += _guidebook_questions_have_misconceptions(files)
        return _report(files, problems, len(sources), content_warnings(files))

    problems: list[str] = []
    roots: list[Path] = []
    loose: list[SourceFile] = []
    for path in paths:
        if not path.exists():
            problems.append(f"{path}: no such file or folder")
        elif path.is_dir() and any((path / k).is_dir() for k in KINDS):
            roots.append(path)
        elif path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
            if not found:
                problems.append(f"{path}: no .yaml files in this folder")
            loose += [SourceFile(p, display_path(p), _kind_of(p)) for p in found]
        else:
            loose.append(SourceFile(path, display_path(path), _kind_of(path)))

    count = 0
    warnings: list[str] = []
    merged: dict[str, list[dict]] = {k: [] for k in KINDS}
    for root in roots:
        sources = course_files(root)
        files, found = validate(sources)
        problems += found
        warnings += content_warnings(files)
        count += len(sources)
        for k in KINDS:
            merged[k] += files[k]
    if loose:
        own: dict[str, list[dict]] = {k: [] for k in KINDS}
        for source in loose:
            data, found = read_file(source)
            problems += found
            if data is not None:
                own[source.kind].append(data)
        count += len(loose)
        if not problems:
            shipped, _ = validate(course_files(content_dir()))
            together = _replace(shipped, own)
            # Only what the learner's files cause; the shipped course is checked by CI.
            ours = lambda line: any(line.startswith(s.display + ":") for s in loose)  # noqa: E731
            problems += [p for p in cross_check(together) if ours(p)]
            warnings += [w for w in content_warnings(together) if ours(w)]
        for k in KINDS:
            merged[k] += own[k]
    return _report(merged, problems, count, warnings)


def _guidebook_questions_have_misconceptions(files: dict[str, list[dict]]) -> list[str]:
    """Every quiz question of the shipped course lists its common wrong answers: the grader needs them."""
    return [f"{lec['file']}:{q.get('line', 1)}: quiz[{i}].misconceptions: every guidebook question needs the "
            "common wrong answers to it, each with its correction"
            for lec in files["lectures"] for i, q in enumerate(lec["quiz"]) if not q["misconceptions"]]


def _replace(shipped: dict[str, list[dict]], own: dict[str, list[dict]]) -> dict[str, list[dict]]:
    out = {}
    for k in KINDS:
        ids = {d.get("id") for d in own[k]}
        out[k] = [d for d in shipped[k] if d.get("id") not in ids] + own[k]
    return out
