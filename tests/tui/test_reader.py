"""The reader: a lecture's text with Unicode math, its contents, and links to its terms, demos and quiz."""

from __future__ import annotations

import asyncio

from textual.widgets import OptionList, Static


async def _open(app, pilot, action):
    await app.run_action(action)
    await pilot.pause()
    await pilot.pause()
    return app.screen


def _option_ids(screen):
    return [o.id for o in screen.query_one("#reader-contents", OptionList).options]


def _text(screen):
    """The text on the page as drawn: the Markdown each block hands to rich, math already in Unicode."""
    from dltutor.tui.widgets.reader_text import ReaderBlock

    return "\n".join(block.markdown.markup for block in screen.query(ReaderBlock))


def _at_top(screen, line):
    """Whether the block starting at `line` of the source is the first one on the page (or, near
    the end of the text, on the page scrolled to the end)."""
    from dltutor.tui.widgets.reader_text import ReaderBlock

    block = next(b for b in screen.query(ReaderBlock) if b.line == line)
    page = screen.query_one("#reader-page")
    top = page.content_region.y
    if page.scroll_y >= page.max_scroll_y > 0:
        return top <= block.region.y < page.content_region.bottom
    return block.region.y - block.styles.margin.top == top


def _reads(app):
    return [s for (s,) in app.services.conn.execute(
        "SELECT subject FROM activity WHERE kind = 'read' AND via = 'app' ORDER BY id")]


def test_lecture_text_contents_section_and_the_reading_recorded(make):
    asyncio.run(_lecture(make))


async def _lecture(make):
    from dltutor.tui.screens.reader import ReaderScreen, contents, reading_text

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "read('lecture-3', 'learning-rate')")
        assert isinstance(screen, ReaderScreen) and screen.sub_title == "Lecture 3: Perceptron Learning"
        source = _text(screen)
        assert "Δwᵢ = λ(tₖ − yₖ) xₖᵢ" in source and "$" not in source  # the same Unicode math as `read`
        assert "press `a` to show them" in source and "--answers" not in source
        course = app.services.course
        entries = contents(course.lecture("lecture-3"), reading_text(course.lecture("lecture-3"), course))
        learning_rate = next(e for e in entries if e.slug == "learning-rate")
        assert _at_top(screen, learning_rate.line)  # `section` scrolled the topic to the top
        ids = _option_ids(screen)
        for link in ("term:learning-rate", "term:epoch", "demo:perceptron", "quiz", "read:perceptrons"):
            assert link in ids
        assert _reads(app) == ["lecture-3"]  # in the record `dltutor next` reads, as `dltutor read` leaves it

        # a contents entry scrolls the text to its heading and hands the keys back to the page
        glossary = next(e for e in entries if e.slug == "glossary")
        sidebar = screen.query_one("#reader-contents", OptionList)
        sidebar.focus()
        sidebar.highlighted = ids.index(f"line:{glossary.line}")
        await pilot.press("enter")
        await pilot.pause()
        assert _at_top(screen, glossary.line)
        assert app.focused is screen.query_one("#reader-page")

        await pilot.press("a")  # answers shown in place
        await pilot.pause()
        assert "**Answer:**" in _text(screen)
        assert _reads(app) == ["lecture-3"]  # the same lecture again, answers shown: not a second reading

        await pilot.press("n")  # the next lecture in place, remembered
        await pilot.pause()
        assert screen.sub_title.startswith("Lecture 4:") and app.screen is screen
        assert _reads(app) == ["lecture-3", "lecture-4"]
        await pilot.press("p", "p")
        await pilot.pause()
        assert screen.sub_title.startswith("Lecture 2:")


def test_links_open_the_glossary_term_the_demo_and_the_quiz(make):
    asyncio.run(_links(make))


async def _links(make):
    from dltutor.tui.screens.demos import DemosScreen
    from dltutor.tui.screens.glossary import GlossaryScreen
    from dltutor.tui.screens.quiz import QuizScreen
    from dltutor.tui.screens.reader import ReaderScreen

    app = make()
    asked = []
    for name in ("action_glossary", "action_demos", "action_quiz"):
        real = getattr(app, name)
        setattr(app, name, lambda arg="", _real=real, _name=name: (asked.append((_name, arg)), _real(arg))[1])
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await _open(app, pilot, "read('lecture-3')")
        await pilot.press("g")  # the cursor goes to the lecture's first glossary term
        sidebar = reader.query_one("#reader-contents", OptionList)
        assert app.focused is sidebar and sidebar.highlighted_option.id == "term:learning-rate"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen) and app.screen.shown.id == "epoch"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader

        await pilot.press("d", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DemosScreen)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert asked == [("action_glossary", "epoch"), ("action_demos", "perceptron"), ("action_quiz", "lecture-3")]
        await app.run_action("back")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


def test_topic_page_links_into_its_lectures_and_unknown_names_are_said(make):
    asyncio.run(_topic(make))


async def _topic(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        topic = await _open(app, pilot, "read('types-of-neurons')")
        assert topic.check_action("quiz", ()) is False  # no quiz key on a topic page
        ids = _option_ids(topic)
        assert "read:lecture-2#types-of-neurons" in ids and "term:relu" in ids
        sidebar = topic.query_one("#reader-contents", OptionList)
        sidebar.focus()
        sidebar.highlighted = ids.index("read:lecture-2#types-of-neurons")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        lecture = app.screen
        assert lecture is not topic and lecture.sub_title.startswith("Lecture 2:")
        assert lecture.query_one("#reader-page").scroll_y > 0  # at the topic, not the top

        missing = await _open(app, pilot, "read('lecture-99')")
        message = str(missing.query_one("#reader-error", Static).render())
        assert "no lecture or page named 'lecture-99'" in message
        await pilot.press("q", "n", "g")  # keys of a lecture do nothing here, and nothing breaks
        assert app.screen is missing
        await pilot.press("escape")
        assert app.screen is lecture


def test_reader_snapshot(make, snap_compare):
    async def run_before(pilot):
        await pilot.app.run_action("read('lecture-3')")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def _drawn(screen, width=60):
    """The page's blocks as rich draws them at `width`: what the learner reads."""
    from rich.console import Console

    from dltutor.tui.widgets.reader_text import ReaderBlock

    console = Console(width=width, record=True, color_system=None)
    for block in screen.query(ReaderBlock):
        console.print(block.markdown)
    return " ".join(line.strip(" ▌") for line in console.export_text().splitlines() if line.strip(" ▌"))


def test_the_reader_shows_tutors_notes_and_a_highlights_note_only_with_its_answer(make, tmp_path, monkeypatch):
    import shutil

    from dltutor.paths import content_dir

    root = tmp_path / "course"
    shutil.copytree(content_dir(), root)
    lecture = next(root.glob("lectures/03-*.yaml"))
    lecture.write_text(lecture.read_text(encoding="utf-8").replace(
        "    answer: The goal is to find a weight vector that correctly classifies all training examples.\n",
        "    answer: The goal is to find a weight vector that correctly classifies all training examples.\n"
        "    notes:\n      - note: HIGHLIGHT-NOTE when the data are separable.\n        source: HIGHLIGHT-SOURCE 1962\n", 1),
        encoding="utf-8")
    monkeypatch.setattr("dltutor.paths.content_dir", lambda: root)
    asyncio.run(_notes(make))


async def _notes(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "read('lecture-3')")
        text = _drawn(screen)
        assert ("Tutor's note on “beyond a threshold, learning fails”: The threshold is for random labels" in text)
        assert text.index("The ratio of patterns learned to inputs available") < text.index("The threshold is for random")
        assert "HIGHLIGHT-NOTE" not in text
        await pilot.press("a")
        await pilot.pause()
        text = _drawn(screen)
        answer = text.index("Answer: The goal is to find a weight vector")
        assert answer < text.index("Tutor's note: HIGHLIGHT-NOTE when the data are separable. Source: HIGHLIGHT-SOURCE 1962")
        await _open(app, pilot, "read('lecture-7')")
        text = _drawn(app.screen)
        assert "The guidebook gives this same link to Lecture 4 (“Gradient Descent – The Math of Optimization”)" in text
        assert "Tutor's note on “covered in detail in Lecture 5”: Attention is covered in Lecture 9" in text


def test_a_lecture_ends_pointing_to_its_quiz_and_the_next_lecture_by_key(make):
    asyncio.run(_what_next(make))


async def _what_next(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, "read('lecture-3')")
        text = _drawn(screen)
        tail = text[text.rindex("What next"):]
        assert "Press q to quiz yourself on this lecture" in tail
        assert "Press n for the next lecture, Lecture 4: Neural Networks and Gradient Descent" in tail
        assert "dltutor " not in tail  # the app names its keys, not commands
        ids = _option_ids(screen)
        assert "read:lecture-4" in ids
        sidebar = screen.query_one("#reader-contents", OptionList)
        sidebar.focus()
        sidebar.highlighted = ids.index("read:lecture-4")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.sub_title.startswith("Lecture 4:")
        await pilot.press("n")  # the key the text names does the same
        await pilot.pause()
        assert app.screen.sub_title.startswith("Lecture 5:")

        last = await _open(app, pilot, "read('lecture-9')")
        tail = _drawn(last)[_drawn(last).rindex("What next"):]
        assert "That was the last lecture: the guidebook closes with Final Thoughts" in tail
        assert "read:final-thoughts" in _option_ids(last)
