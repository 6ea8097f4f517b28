"""YAML content -> validated course model.

Files are parsed with PyYAML's safe composer (the C one where present) into nodes, never
constructed: nothing a file says can run, and every node keeps its line for error messages.
Each problem is one line, `file:line: field.path: message`. Validated files become plain data
(dicts, lists, strings), which is what the cache keeps; `build_course` turns it into the model.
"""

from __future__ import annotations

import marshal
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypedDict

from dltutor import __version__
from dltutor.course.model import (
    Course,
    Definition,
    EssayPrompt,
    GLOSSARY_KINDS,
    GlossaryEntry,
    GlossaryTerm,
    KeyPoint,
    Lecture,
    Misconception,
    Page,
    QuizQuestion,
    Topic,
    TopicPage,
    TopicRef,
    TopicSection,
    TutorNote,
    VisualAid,
    Video,
    slugify,
)
from dltutor.errors import ContentError
from dltutor.textsafe import find_control

KINDS = ("lectures", "topics", "pages")
# Bump when the plain-data shape changes, so old caches are ignored.
CACHE_FORMAT = 4



def _demo_names() -> frozenset[str]:
    """The demos a visual aid may name: the demo registry's (a light table, no torch)."""
    from dltutor.demos.registry import DEMO_NAMES

    return DEMO_NAMES

_YAML_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")
}
_SCALAR_TEXT_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool")}
_LECTURE_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.ya?ml$")
_SLUG_FILE = re.compile(r"^(?:(\d{2})-)?([a-z0-9]+(?:-[a-z0-9]+)*)\.ya?ml$")


# The plain data a validated file becomes (what the cache keeps, what `build_course` reads):
# dicts with named fields, so no reader depends on a position.


class NoteData(TypedDict):
    text: str
    source: str
    quote: str  # the words of the guidebook it corrects, "" for the whole item


class MisconceptionData(TypedDict):
    id: str
    claim: str
    phrasings: list[str]
    correction: str


class TopicData(TypedDict):
    title: str
    text: str
    notes: list[NoteData]


class QuestionData(TypedDict):
    question: str
    answer: str
    key_points: list[list[str]]  # each point: its own text, then its synonyms
    misconceptions: list[MisconceptionData]
    notes: list[NoteData]
    line: int


class PromptData(TypedDict):
    prompt: str
    key_points: list[list[str]]
    misconceptions: list[MisconceptionData]
    notes: list[NoteData]


class VideoData(TypedDict):
    label: str
    title: str
    url: str
    guidebook_url: str  # the guidebook's link where `url` replaces it, else ""
    notes: list[NoteData]
    line: int  # of `url`, for warnings


class AidData(TypedDict):
    text: str
    demo: str | None
    line: int


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str  # how errors name it: relative to the working directory when possible
    kind: str  # one of KINDS


# --- reading ------------------------------------------------------------------------------


class _Checker:
    """Walks one file's node tree, turning it into plain data and collecting problems."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[str] = []

    def fail(self, node: Any, path: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        where = f"{path}: " if path else ""
        self.problems.append(f"{self.display}:{line}: {where}{message}")

    def mapping(
        self, node: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if node.id != "mapping":
            self.fail(node, path, "expected a mapping of fields")
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if key_node.id == "scalar" else None
            label = f"{path}.{key}" if path else str(key)
            if not isinstance(key, str):
                self.fail(key_node, path, "field names must be plain text")
            elif key in out:
                self.fail(key_node, label, "duplicate field")
            elif key not in required and key not in optional:
                allowed = ", ".join((*required, *optional))
                self.fail(key_node, label, f"unknown field (allowed: {allowed})")
            else:
                out[key] = value_node
        for key in required:
            if key not in out:
                self.fail(node, f"{path}.{key}" if path else key, "required")
        return out

    def text(self, node: Any, path: str, *, single_line: bool = False) -> str | None:
        if node.id != "scalar" or node.tag not in _SCALAR_TEXT_TAGS:
            kind = "nothing" if node.tag.endswith(":null") else f"a {node.id}"
            self.fail(node, path, f"expected text, got {kind}")
            return None
        value: str = node.value
        if not value.strip():
            self.fail(node, path, "must not be empty")
            return None
        bad = find_control(value.replace("\n", "") if not single_line else value)
        if bad is not None:
            self.fail(node, path, f"control character {bad} is not allowed in content")
            return None
        if single_line and "\n" in value:
            self.fail(node, path, "must be a single line")
            return None
        return value.strip("\n") if "\n" in value else value.strip()

    def integer(self, node: Any, path: str) -> int | None:
        if node.id != "scalar" or node.tag != "tag:yaml.org,2002:int":
            self.fail(node, path, "expected a whole number")
            return None
        return int(node.value)

    def seq(self, node: Any, path: str) -> list[Any]:
        if node.id != "sequence":
            self.fail(node, path, "expected a list")
            return []
        return node.value

    def texts(self, node: Any, path: str) -> list[str]:
        out = []
        for i, item in enumerate(self.seq(node, path)):
            value = self.text(item, f"{path}[{i}]", single_line=True)
            if value is not None:
                out.append(value)
        return out

    def optional(self, fields: dict[str, Any], key: str, path: str, read: Callable, default: Any) -> Any:
        if key not in fields:
            return default
        value = read(fields[key], f"{path}.{key}" if path else key)
        return default if value is None else value


def _check_tags(checker: _Checker, root: Any) -> bool:
    """Refuses tags beyond plain YAML (`!!python/...` and friends) and anchors reused as aliases."""
    seen: set[int] = set()
    stack = [root]
    ok = True
    while stack:
        node = stack.pop()
        if id(node) in seen:
            checker.fail(node, "", "YAML aliases (*name) are not allowed in content")
            return False
        seen.add(id(node))
        if node.tag not in _YAML_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            checker.fail(node, "", f"the tag {tag} is not allowed; content is plain data only")
            ok = False
        if node.id == "mapping":
            for k, v in node.value:
                stack.extend((v, k))
        elif node.id == "sequence":
            stack.extend(reversed(node.value))
    return ok


MAX_FILE_BYTES = 2 * 1024 * 1024  # a lecture is ~30 KB; a bigger file is a mistake, not a course


class ContentFileError(Exception):
    """A path that is not a content file we will read: not a regular file, or too big."""


def read_content(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_FILE_BYTES: a FIFO, a device or a 50 MB file is refused at once."""
    import stat

    # O_NONBLOCK: opening a FIFO with no writer must not wait for one.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ContentFileError("not a regular file (a folder, device, FIFO or socket); content files are YAML files")
        if st.st_size > MAX_FILE_BYTES:
            raise ContentFileError(f"the file is {st.st_size / 2**20:.1f} MB; content files are limited to "
                                   f"{MAX_FILE_BYTES // 2**20} MB each")
        chunks, left = [], MAX_FILE_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):  # it may grow while read
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise ContentFileError(f"the file is over {MAX_FILE_BYTES // 2**20} MB; content files are limited to "
                               f"{MAX_FILE_BYTES // 2**20} MB each")
    return data


def _compose(source: SourceFile, checker: _Checker) -> Any:
    import yaml  # ~8 ms: only paid when the cache misses or when validating

    try:
        raw = read_content(source.path)
    except ContentFileError as exc:
        checker.problems.append(f"{source.display}: {exc}")
        return None
    except OSError as exc:
        checker.problems.append(f"{source.display}: cannot read: {exc.strerror or exc}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        checker.problems.append(f"{source.display}:{line}: not valid UTF-8 (byte {exc.start})")
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = " ".join(filter(None, (exc.context, exc.problem)))
        checker.problems.append(f"{source.display}:{line}: YAML syntax error: {problem}")
        return None
    except yaml.YAMLError as exc:
        checker.problems.append(f"{source.display}: YAML error: {str(exc).splitlines()[0]}")
        return None
    if root is None:
        checker.problems.append(f"{source.display}:1: the file is empty")
        return None
    return root if _check_tags(checker, root) else None


# --- one file of each kind ------------------------------------------------------------------


def _key_points(c: _Checker, node: Any, path: str) -> list[list[str]]:
    points = []
    items = c.seq(node, path)
    if not items:
        c.fail(node, path, "list at least one key point")
    for i, item in enumerate(items):
        here = f"{path}[{i}]"
        if item.id == "sequence":
            phrasings = c.texts(item, here)
            if not item.value:
                c.fail(item, here, "a key point needs at least its own text")
        else:
            one = c.text(item, here, single_line=True)
            phrasings = [one] if one is not None else []
        if phrasings:
            points.append(phrasings)
    return points


def _notes(c: _Checker, node: Any, path: str, said: str | None) -> list[NoteData]:
    """A tutor's notes on an item: what is true where the guidebook is wrong, and a source.

    `quote`, when given, must be words of the item's own text (`said`), so a note always
    points at something the guidebook really says.
    """
    out: list[NoteData] = []
    for i, item in enumerate(c.seq(node, path)):
        here = f"{path}[{i}]"
        n = c.mapping(item, here, ("note", "source"), ("quote",))
        if n is None:
            continue
        text = c.optional(n, "note", here, c.text, None)
        source = c.optional(n, "source", here, lambda x, p: c.text(x, p, single_line=True), None)
        quote = c.optional(n, "quote", here, lambda x, p: c.text(x, p, single_line=True), "")
        if quote and said is not None and quote not in said:
            c.fail(n["quote"], f"{here}.quote", "must be words the guidebook's text says, quoted exactly")
        if text is not None and source is not None:
            out.append({"text": text, "source": source, "quote": quote})
    return out


def _misconceptions(c: _Checker, node: Any, path: str) -> list[MisconceptionData]:
    """Common wrong answers to a question: the claim, other ways to say it, and the correction shown."""
    out: list[MisconceptionData] = []
    seen: set[str] = set()
    for i, item in enumerate(c.seq(node, path)):
        here = f"{path}[{i}]"
        m = c.mapping(item, here, ("id", "claim", "correction"), ("phrasings",))
        if m is None:
            continue
        mid = c.optional(m, "id", here, lambda x, p: c.text(x, p, single_line=True), None)
        if mid is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", mid):
            c.fail(m["id"], f"{here}.id", "an id is lower-case words joined by '-'")
            mid = None
        elif mid is not None and mid in seen:
            c.fail(m["id"], f"{here}.id", f"duplicate misconception id {mid!r}")
            mid = None
        claim = c.optional(m, "claim", here, lambda x, p: c.text(x, p, single_line=True), None)
        correction = c.optional(m, "correction", here, c.text, None)
        phrasings = c.optional(m, "phrasings", here, c.texts, [])
        if "phrasings" in m and not phrasings and m["phrasings"].id == "sequence":
            c.fail(m["phrasings"], f"{here}.phrasings", "list at least one other way learners say it")
        if mid is not None and claim is not None and correction is not None:
            seen.add(mid)
            out.append({"id": mid, "claim": claim, "phrasings": phrasings, "correction": correction})
    return out


def _misconception_is_no_key_point(c: _Checker, q: dict[str, Any], path: str, entry: QuestionData) -> None:
    """A wrong answer must never also count as a way of making a key point."""
    said = {_spelling(p): p for point in entry["key_points"] for p in point}
    for i, m in enumerate(entry["misconceptions"]):
        for statement in (m["claim"], *m["phrasings"]):
            if _spelling(statement) in said:
                c.fail(q["misconceptions"], f"{path}.misconceptions[{i}]",
                       f"{statement!r} is also a phrasing of a key point")


def _spelling(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _lecture(c: _Checker, root: Any, source: SourceFile) -> dict[str, Any] | None:
    f = c.mapping(
        root, "", ("id", "title", "video", "topics", "quiz", "essay_prompts", "glossary", "visual_aids"),
        ("authoring_notes",),
    )
    if f is None:
        return None
    data: dict[str, Any] = {"file": source.display}
    lecture_id = c.text(f["id"], "id", single_line=True) if "id" in f else None
    match = _LECTURE_FILE.match(source.path.name)
    if match is None:
        c.fail(root, "", "a lecture file is named NN-slug.yaml, e.g. 03-perceptron-learning.yaml")
    if lecture_id is not None:
        m = re.fullmatch(r"lecture-([1-9]\d*)", lecture_id)
        if m is None:
            c.fail(f["id"], "id", "a lecture id looks like lecture-3")
        elif match is not None and int(match.group(1)) != int(m.group(1)):
            c.fail(f["id"], "id", f"does not match the file name's number {match.group(1)}")
        else:
            data["id"], data["number"] = lecture_id, int(m.group(1))
    data["slug"] = match.group(2) if match else slugify(source.path.stem)
    data["title"] = c.optional(f, "title", "", lambda n, p: c.text(n, p, single_line=True), None)
    line = lambda n, p: c.text(n, p, single_line=True)  # noqa: E731

    if "video" in f:
        v = c.mapping(f["video"], "video", ("label", "title", "url"), ("guidebook_url", "notes"))
        if v is not None:
            label, title, url, original = (c.optional(v, k, "video", line, None)
                                           for k in ("label", "title", "url", "guidebook_url"))
            for key, value in (("url", url), ("guidebook_url", original)):
                if value is not None and not re.match(r"https?://\S+$", value):
                    c.fail(v[key], f"video.{key}", "must be an http(s) address")
            if original is not None and original == url:
                c.fail(v["guidebook_url"], "video.guidebook_url", "is the same as url: give it only when url replaces it")
            said = f"{title or ''} {url or ''} {original or ''}"
            video: VideoData = {"label": label, "title": title, "url": url, "guidebook_url": original or "",
                                "notes": c.optional(v, "notes", "video", lambda n, p: _notes(c, n, p, said), []),
                                "line": v["url"].start_mark.line + 1 if "url" in v else 1}
            data["video"] = video

    data["topics"] = []
    for i, node in enumerate(c.seq(f["topics"], "topics") if "topics" in f else []):
        here = f"topics[{i}]"
        t = c.mapping(node, here, ("title", "text"), ("notes",))
        if t is not None:
            title = c.optional(t, "title", here, line, None)
            text = c.optional(t, "text", here, c.text, None)
            said = f"{title or ''}\n{text or ''}"
            notes = c.optional(t, "notes", here, lambda n, p: _notes(c, n, p, said), [])
            topic: TopicData = {"title": title, "text": text, "notes": notes}
            data["topics"].append(topic)
    data["quiz"] = []
    for i, node in enumerate(c.seq(f["quiz"], "quiz") if "quiz" in f else []):
        here = f"quiz[{i}]"
        q = c.mapping(node, here, ("question", "answer", "key_points"), ("misconceptions", "notes"))
        if q is not None:
            question = c.optional(q, "question", here, c.text, None)
            answer = c.optional(q, "answer", here, c.text, None)
            said = f"{question or ''}\n{answer or ''}"
            entry: QuestionData = {
                "question": question,
                "answer": answer,
                "key_points": c.optional(q, "key_points", here, lambda n, p: _key_points(c, n, p), []),
                "misconceptions": c.optional(q, "misconceptions", here, lambda n, p: _misconceptions(c, n, p), []),
                "notes": c.optional(q, "notes", here, lambda n, p: _notes(c, n, p, said), []),
                "line": node.start_mark.line + 1,
            }
            _misconception_is_no_key_point(c, q, here, entry)
            data["quiz"].append(entry)
    data["essay_prompts"] = []
    for i, node in enumerate(c.seq(f["essay_prompts"], "essay_prompts") if "essay_prompts" in f else []):
        here = f"essay_prompts[{i}]"
        e = c.mapping(node, here, ("prompt", "key_points"), ("misconceptions", "notes"))
        if e is not None:
            prompt = c.optional(e, "prompt", here, c.text, None)
            essay: PromptData = {
                "prompt": prompt,
                "key_points": c.optional(e, "key_points", here, lambda n, p: _key_points(c, n, p), []),
                "misconceptions": c.optional(e, "misconceptions", here, lambda n, p: _misconceptions(c, n, p), []),
                "notes": c.optional(e, "notes", here, lambda n, p: _notes(c, n, p, prompt), []),
            }
            data["essay_prompts"].append(essay)
    data["glossary"] = []
    for i, node in enumerate(c.seq(f["glossary"], "glossary") if "glossary" in f else []):
        here = f"glossary[{i}]"
        g = c.mapping(node, here, ("term", "definition"), ("id", "aliases", "see_also", "notes", "kind"))
        if g is None:
            continue
        term = c.optional(g, "term", here, line, None)
        term_id = c.optional(g, "id", here, line, None)
        if term_id is None and term is not None:
            term_id = slugify(term)
        if term_id is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", term_id):
            c.fail(g.get("id", node), f"{here}.id", "an id is lower-case words joined by '-'")
        definition = c.optional(g, "definition", here, c.text, None)
        kind = c.optional(g, "kind", here, line, "")
        if kind and kind not in GLOSSARY_KINDS:
            c.fail(g["kind"], f"{here}.kind", f"unknown kind {kind!r} (known: {', '.join(GLOSSARY_KINDS)})")
            kind = ""
        data["glossary"].append({
            "id": term_id,
            "term": term,
            "definition": definition,
            "aliases": c.optional(g, "aliases", here, c.texts, []),
            "see_also": c.optional(g, "see_also", here, c.texts, []),
            "kind": kind,
            "notes": c.optional(g, "notes", here, lambda n, p: _notes(c, n, p, f"{term}\n{definition}"), []),
            "line": node.start_mark.line + 1,
            "see_line": (g["see_also"].start_mark.line + 1) if "see_also" in g else 0,
        })
    data["visual_aids"] = []
    known_demos = _demo_names()
    for i, node in enumerate(c.seq(f["visual_aids"], "visual_aids") if "visual_aids" in f else []):
        here = f"visual_aids[{i}]"
        a = c.mapping(node, here, ("text",), ("demo",))
        if a is None:
            continue
        demo = c.optional(a, "demo", here, line, None)
        if demo is not None and demo not in known_demos:
            c.fail(a["demo"], f"{here}.demo", f"unknown demo {demo!r} (known: {', '.join(sorted(known_demos))})")
            demo = None
        aid: AidData = {"text": c.optional(a, "text", here, c.text, None), "demo": demo,
                        "line": node.start_mark.line + 1}
        data["visual_aids"].append(aid)
    data["authoring_notes"] = c.optional(f, "authoring_notes", "", c.texts, [])
    return data


def _ref(c: _Checker, node: Any, path: str) -> list[Any]:
    out = []
    for i, text in enumerate(c.texts(node, path)):
        if not re.fullmatch(r"lecture-[1-9]\d*(#[a-z0-9]+(-[a-z0-9]+)*)?", text):
            c.fail(node.value[i], f"{path}[{i}]", "a reference looks like lecture-2 or lecture-2#types-of-neurons")
            continue
        lecture, _, topic = text.partition("#")
        out.append([lecture, topic or None, node.value[i].start_mark.line + 1, f"{path}[{i}]"])
    return out


def _topic_page(c: _Checker, root: Any, source: SourceFile) -> dict[str, Any] | None:
    f = c.mapping(root, "", ("id", "title", "sections"), ("see", "summary", "notes"))
    if f is None:
        return None
    match = _SLUG_FILE.match(source.path.name)
    title = c.optional(f, "title", "", lambda n, p: c.text(n, p, single_line=True), None)
    summary = c.optional(f, "summary", "", c.text, "")
    data: dict[str, Any] = {
        "file": source.display,
        "number": int(match.group(1)) if match and match.group(1) else 0,
        "id": c.optional(f, "id", "", lambda n, p: c.text(n, p, single_line=True), None),
        "title": title,
        "summary": summary,
        "see": c.optional(f, "see", "", lambda n, p: _ref(c, n, p), []),
        "notes": c.optional(f, "notes", "", lambda n, p: _notes(c, n, p, f"{title or ''}\n{summary}"), []),
        "sections": [],
        "line": 1,
    }
    for i, node in enumerate(c.seq(f["sections"], "sections") if "sections" in f else []):
        here = f"sections[{i}]"
        s = c.mapping(node, here, ("title",), ("see", "terms", "notes"))
        if s is None:
            continue
        terms = c.optional(s, "terms", here, c.texts, [])
        section_title = c.optional(s, "title", here, lambda n, p: c.text(n, p, single_line=True), None)
        data["sections"].append({
            "title": section_title,
            "see": c.optional(s, "see", here, lambda n, p: _ref(c, n, p), []),
            "terms": terms,
            "notes": c.optional(s, "notes", here, lambda n, p: _notes(c, n, p, section_title), []),
            "terms_line": s["terms"].start_mark.line + 1 if "terms" in s else 0,
            "path": here,
        })
    return data


def _page(c: _Checker, root: Any, source: SourceFile) -> dict[str, Any] | None:
    f = c.mapping(root, "", ("id", "title", "text"), ("notes",))
    if f is None:
        return None
    match = _SLUG_FILE.match(source.path.name)
    text = c.optional(f, "text", "", c.text, None)
    return {
        "file": source.display,
        "number": int(match.group(1)) if match and match.group(1) else 0,
        "id": c.optional(f, "id", "", lambda n, p: c.text(n, p, single_line=True), None),
        "title": c.optional(f, "title", "", lambda n, p: c.text(n, p, single_line=True), None),
        "text": text,
        "notes": c.optional(f, "notes", "", lambda n, p: _notes(c, n, p, text), []),
        "line": 1,
    }


_READERS = {"lectures": _lecture, "topics": _topic_page, "pages": _page}


def read_file(source: SourceFile) -> tuple[dict[str, Any] | None, list[str]]:
    """One file's plain data and its problems (data is None when the file is unusable)."""
    checker = _Checker(source.display)
    root = _compose(source, checker)
    if root is None:
        return None, checker.problems
    data = _READERS[source.kind](checker, root, source)
    return (data if not checker.problems else None), checker.problems


# --- the whole course -----------------------------------------------------------------------


def cross_check(files: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Problems between files: duplicate ids, dangling references, ambiguous aliases."""
    problems: list[str] = []
    lectures = {}
    for lec in files["lectures"]:
        if lec["id"] in lectures:
            problems.append(f"{lec['file']}:1: id: duplicate id {lec['id']!r} (also in {lectures[lec['id']]['file']})")
        else:
            lectures[lec["id"]] = lec
    names: dict[str, str] = {}  # every id of a topic page or page, for `read NAME`
    for kind in ("topics", "pages"):
        for item in files[kind]:
            clash = names.get(item["id"]) or ("a lecture slug" if any(item["id"] == lec["slug"] for lec in lectures.values()) else None)
            if clash:
                problems.append(f"{item['file']}:1: id: duplicate id {item['id']!r} (also {clash})")
            names[item["id"]] = item["file"]

    term_ids: dict[str, str] = {}  # term id -> its term, first lecture wins the spelling
    owner: dict[str, str] = {}  # casefolded name or alias -> term id
    kinds: dict[str, str] = {}  # term id -> its kind, as first given
    for lec in sorted(lectures.values(), key=lambda d: d["number"]):
        seen_here: set[str] = set()
        for e in lec["glossary"]:
            if e["id"] in seen_here:
                problems.append(f"{lec['file']}:{e['line']}: glossary: duplicate term {e['term']!r} in this lecture")
            seen_here.add(e["id"])
            term_ids.setdefault(e["id"], e["term"])
            if e["kind"] and kinds.setdefault(e["id"], e["kind"]) != e["kind"]:
                problems.append(f"{lec['file']}:{e['line']}: glossary: {e['term']!r} is kind {e['kind']!r} here "
                                f"but {kinds[e['id']]!r} in an earlier lecture")
    for lec in sorted(lectures.values(), key=lambda d: d["number"]):
        for e in lec["glossary"]:
            for name in (e["id"], e["term"], *e["aliases"], *_implicit_aliases(e["term"])):
                key = name.casefold()
                if owner.setdefault(key, e["id"]) != e["id"]:
                    problems.append(
                        f"{lec['file']}:{e['line']}: glossary: {name!r} names both {term_ids[owner[key]]!r} and {e['term']!r}"
                    )
            for ref in e["see_also"]:
                if ref not in term_ids:
                    problems.append(f"{lec['file']}:{e['see_line']}: glossary: see_also {ref!r} is not a term id")

    def check_ref(item: dict[str, Any], ref: list[Any]) -> None:
        lecture, topic, line, path = ref
        lec = lectures.get(lecture)
        if lec is None:
            problems.append(f"{item['file']}:{line}: {path}: no lecture {lecture!r}")
        elif topic is not None and topic not in {slugify(t["title"]) for t in lec["topics"]}:
            problems.append(f"{item['file']}:{line}: {path}: {lecture} has no topic {topic!r}")

    for page in files["topics"]:
        for ref in page["see"]:
            check_ref(page, ref)
        for section in page["sections"]:
            for ref in section["see"]:
                check_ref(page, ref)
            for term in section["terms"]:
                if term not in term_ids:
                    problems.append(f"{page['file']}:{section['terms_line']}: {section['path']}.terms: {term!r} is not a term id")
    return problems


# A visual aid that is only a parenthesis, "*(Insert 3Blue1Brown video link above.)*": the
# author's note to self, not something to show.
_AUTHORING_NOTE = re.compile(r"^\*?\(.*\)\*?$", re.S)


def content_warnings(files: dict[str, list[dict[str, Any]]]) -> list[str]:
    """What is allowed but likely wrong, as `file:line: field: warning: message` lines.

    A lecture whose video link is another lecture's (the guidebook gives three links twice, each
    time under another title), a visual aid that is an authoring note, and a glossary term of no kind.
    """
    warnings: list[str] = []
    lectures = sorted(files["lectures"], key=lambda d: d.get("number", 0))
    for lec in lectures:
        video = lec.get("video")
        if not video or not video.get("url"):
            continue
        for other in lectures:
            theirs = other.get("video") if other is not lec else None
            if theirs and video["url"] in (theirs["url"], theirs["guidebook_url"]):
                how = "is also the video link of" if video["url"] == theirs["url"] else "is the one replaced in"
                warnings.append(f"{lec['file']}:{video['line']}: video.url: warning: this link {how} "
                                f"{other['id']} (\u201c{theirs['title']}\u201d)")
        for i, aid in enumerate(lec["visual_aids"]):
            if aid["text"] and _AUTHORING_NOTE.match(aid["text"].strip()):
                warnings.append(f"{lec['file']}:{aid['line']}: visual_aids[{i}]: warning: looks like an authoring "
                                "note, not a visual aid; keep it under authoring_notes")
    kinds = {e["id"] for lec in lectures for e in lec["glossary"] if e.get("kind")}
    for lec in lectures:
        for i, e in enumerate(lec["glossary"]):
            if e["id"] not in kinds:  # given in no lecture: its quiz options fall back to neighbours only
                warnings.append(f"{lec['file']}:{e['line']}: glossary[{i}]: warning: no kind; a quiz then draws its "
                                f"distractors from nearby lectures only (kinds: {', '.join(GLOSSARY_KINDS)})")
    return warnings


def _implicit_aliases(term: str) -> list[str]:
    """What a term's parentheses hold and the term without them: "Learning Rate (λ)" -> λ, Learning Rate."""
    inner = re.findall(r"\(([^)]*)\)", term)
    if not inner:
        return []
    bare = re.sub(r"\s*\([^)]*\)", "", term).strip()
    return [*(i.strip() for i in inner if i.strip()), *([bare] if bare else [])]


def _key_point_model(raw: list[list[str]]) -> tuple[KeyPoint, ...]:
    return tuple(KeyPoint(p[0], tuple(p[1:])) for p in raw)


def _notes_model(raw: list[NoteData]) -> tuple[TutorNote, ...]:
    return tuple(TutorNote(n["text"], n["source"], n["quote"]) for n in raw)


def _misconceptions_model(raw: list[MisconceptionData]) -> tuple[Misconception, ...]:
    return tuple(Misconception(m["id"], m["claim"], m["correction"], tuple(m["phrasings"])) for m in raw)


def build_course(files: dict[str, list[dict[str, Any]]]) -> Course:
    """The model from validated plain data (no checks here: cross_check has run)."""
    lectures = []
    merged: dict[str, dict[str, Any]] = {}
    for d in sorted(files["lectures"], key=lambda d: d["number"]):
        glossary = []
        for e in d["glossary"]:
            notes = _notes_model(e["notes"])
            entry = GlossaryEntry(e["id"], e["term"], e["definition"], d["id"], tuple(e["aliases"]),
                                  tuple(e["see_also"]), notes)
            glossary.append(entry)
            m = merged.setdefault(e["id"], {"term": e["term"], "defs": [], "aliases": {}, "see": {}, "kind": ""})
            m["kind"] = m["kind"] or e.get("kind", "")
            m["defs"].append(Definition(d["id"], e["definition"], notes))
            m["aliases"].update(dict.fromkeys((*_implicit_aliases(e["term"]), *e["aliases"])))
            m["see"].update(dict.fromkeys(e["see_also"]))
        video = d["video"]
        lectures.append(Lecture(
            id=d["id"],
            number=d["number"],
            slug=d["slug"],
            title=d["title"],
            video=Video(video["label"], video["title"], video["url"], _notes_model(video["notes"]),
                        video["guidebook_url"]),
            topics=tuple(Topic(t["title"], t["text"], _notes_model(t["notes"])) for t in d["topics"]),
            quiz=tuple(
                QuizQuestion(i, q["question"], q["answer"], _key_point_model(q["key_points"]),
                             _misconceptions_model(q["misconceptions"]), _notes_model(q["notes"]))
                for i, q in enumerate(d["quiz"], 1)
            ),
            essay_prompts=tuple(
                EssayPrompt(i, p["prompt"], _key_point_model(p["key_points"]),
                            _misconceptions_model(p["misconceptions"]), _notes_model(p["notes"]))
                for i, p in enumerate(d["essay_prompts"], 1)
            ),
            glossary=tuple(glossary),
            visual_aids=tuple(VisualAid(a["text"], a["demo"]) for a in d["visual_aids"]),
            authoring_notes=tuple(d["authoring_notes"]),
        ))
    terms = tuple(sorted(
        (
            GlossaryTerm(tid, m["term"], tuple(m["defs"]), tuple(a for a in m["aliases"] if a != m["term"]), tuple(m["see"]),
                         m["kind"])
            for tid, m in merged.items()
        ),
        key=lambda t: t.term.casefold(),
    ))

    def refs(raw: list[Any]) -> tuple[TopicRef, ...]:
        return tuple(TopicRef(r[0], r[1]) for r in raw)

    topics = tuple(
        TopicPage(
            id=d["id"], number=d["number"], title=d["title"], see=refs(d["see"]), summary=d["summary"],
            sections=tuple(TopicSection(s["title"], refs(s["see"]), tuple(s["terms"]), _notes_model(s["notes"]))
                           for s in d["sections"]),
            notes=_notes_model(d["notes"]),
        )
        for d in sorted(files["topics"], key=lambda d: (d["number"], d["id"]))
    )
    pages = tuple(
        Page(d["id"], d["title"], d["text"], d["number"], _notes_model(d["notes"]))
        for d in sorted(files["pages"], key=lambda d: (d["number"], d["id"]))
    )
    return Course(tuple(lectures), topics, pages, terms)


# --- finding files, caching, loading ----------------------------------------------------------


def display_path(path: Path) -> str:
    """How an error names a file: relative to the working directory when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        pass
    # Shipped content reads as content/..., however it was installed.
    parts = path.parts
    if "content" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("content") - 1 :])
    return str(path)


def course_files(root: Path) -> list[SourceFile]:
    """The YAML files of a content directory, by kind, in name order."""
    out = []
    for kind in KINDS:
        folder = root / kind
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".yaml", ".yml")) and not entry.name.startswith("."):
                path = Path(entry.path)
                out.append(SourceFile(path, display_path(path), kind))
    return out


def validate(sources: list[SourceFile]) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Plain data of every file and every problem found, per file and across files."""
    files: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    problems: list[str] = []
    for source in sources:
        data, found = read_file(source)
        problems.extend(found)
        if data is not None:
            files[source.kind].append(data)
    if not problems:
        problems.extend(cross_check(files))
    return files, problems


def _signature(sources: list[SourceFile]) -> list[Any]:
    sig: list[Any] = [CACHE_FORMAT, __version__]
    for s in sources:
        st = s.path.stat()
        sig.append((str(s.path), s.kind, st.st_mtime_ns, st.st_size))
    return sig


def _cache_path(root: Path) -> Path:
    import zlib  # hashlib would cost ~2 ms of start-up; a crc only has to tell folders apart

    from dltutor.paths import cache_dir

    key = f"{zlib.crc32(str(root.resolve()).encode()):08x}"
    return cache_dir() / f"content-{key}.marshal"


def load_course(root: Path | None = None, *, use_cache: bool = True) -> Course:
    """The course under root (the shipped content by default), validated; ContentError if broken.

    Parsed data is cached keyed by every file's path, size and mtime, so an edited file is
    re-read; a cache that cannot be read or written is simply ignored.
    """
    from dltutor.paths import content_dir

    root = root or content_dir()
    sources = course_files(root)
    if not sources:
        raise ContentError([f"{display_path(root)}: no content files (lectures/*.yaml) found"])
    signature = _signature(sources)
    cache = _cache_path(root) if use_cache else None
    if cache is not None:
        try:
            stored_sig, files = marshal.loads(cache.read_bytes())
            if stored_sig == signature:
                return build_course(files)
        except Exception:  # a missing, stale or damaged cache is just a miss
            pass
    files, problems = validate(sources)
    if problems:
        raise ContentError(problems)
    course = build_course(files)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps((signature, files)))
            os.replace(tmp, cache)
        except OSError:
            pass
    return course
