"""`dltutor practice` driven as a script: the JSON contract, stdin sessions, what is stored and what comes back.

Expected answers are recomputed here, in torch or from the lecture's formula, never read from
dltutor's own output.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3

import pytest
import torch
import torch.nn.functional as F
from typer.testing import CliRunner

from dltutor.cli import app

runner = CliRunner()


def run(*args, input=""):
    return runner.invoke(app, list(args), input=input, env={"COLUMNS": "100", "NO_COLOR": "1"})


def problems(*args, input=""):
    result = run("practice", *args, "--json", input=input)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def db(home):
    return sqlite3.connect(home / "progress.db")


# --- the JSON contract of the three named kinds ------------------------------------------------

def conv_size(p):
    return F.conv2d(torch.zeros(1, 1, p["w1"], p["w1"]), torch.zeros(1, 1, p["f"], p["f"]), padding=p["p"],
                    stride=p["s"]).shape[-1]


def neuron(p):
    z = torch.tensor(p["w"], dtype=torch.float64) @ torch.tensor(p["x"], dtype=torch.float64) + p["b"]
    return getattr(torch, p["activation"])(z).item()


def soft(p):
    return torch.softmax(torch.tensor(p["z"], dtype=torch.float64), 0).tolist()


@pytest.mark.parametrize("kind, oracle", [("conv-output-size", conv_size), ("neuron-output", neuron),
                                          ("softmax", soft)])
@pytest.mark.parametrize("seed", [1, 2, 3, 17, 404])
def test_json_contract_for_the_named_kinds(kind, oracle, seed):
    [shown] = problems(kind, "--seed", str(seed), "--n", "1")  # nothing on stdin: shown, not answered
    assert {"kind", "params", "question", "answer", "expected", "verdict"} <= set(shown)
    assert shown["kind"] == kind and shown["answer"] is None and shown["verdict"] is None
    want = oracle(shown["params"])
    answer = ", ".join(f"{v:.4f}" for v in want) if isinstance(want, list) else (
        str(want) if isinstance(want, int) else f"{want:.4f}")
    [right] = problems(kind, "--seed", str(seed), "--n", "1", input=answer + "\n")
    assert right["params"] == shown["params"] and right["question"] == shown["question"]  # the seed fixes it
    assert right["answer"] == answer and right["verdict"] == "right"
    assert right["expected"] == pytest.approx(want, abs=1e-9)
    wrong_value = [v + 0.5 for v in want] if isinstance(want, list) else want + 3
    wrong_text = ", ".join(map(str, wrong_value)) if isinstance(wrong_value, list) else str(wrong_value)
    [wrong] = problems(kind, "--seed", str(seed), "--n", "1", input=wrong_text + "\n")
    assert wrong["verdict"] == "wrong" and wrong["answer"] == wrong_text
    [skipped] = problems(kind, "--seed", str(seed), "--n", "1", input="\n")
    assert skipped["verdict"] == "skipped" and skipped["answer"] == ""


def test_json_params_are_the_issues_names_and_the_question_states_the_tolerance():
    conv, neuron_, softmax_ = (problems(k, "--seed", "9", "--n", "1")[0]
                               for k in ("conv-output-size", "neuron-output", "softmax"))
    assert set(conv["params"]) == {"w1", "f", "p", "s"} and all(isinstance(v, int) for v in conv["params"].values())
    assert set(neuron_["params"]) == {"x", "w", "b", "activation"}
    assert neuron_["params"]["activation"] in ("sigmoid", "tanh", "relu")
    assert set(softmax_["params"]) == {"z"}
    assert "within ±0.005" in neuron_["question"] and "within ±0.005" in softmax_["question"]
    assert neuron_["tolerance"] == softmax_["tolerance"] == 0.005 and conv["tolerance"] == 0
    assert "whole number" in conv["question"]


# --- stdin sessions ----------------------------------------------------------------------------

def test_a_script_session_answers_one_line_per_step_and_ends_with_a_summary(_isolated_home):
    [p1] = problems("softmax", "--seed", "5", "--n", "3")  # end of input at once: the first problem, unanswered
    first = ", ".join(f"{v:.3f}" for v in soft(p1["params"]))
    # A word and a lone number are not answers to a 3-or-4-number problem: each is said so and asked again.
    script = f"seven\n0.5\n{first}\n\n"
    result = run("practice", "softmax", "--seed", "5", "--n", "3", input=script)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("Problem 1 of 3") == 1 and "Not a number I can read" in out and "This answer needs" in out
    assert "  ✓ Right" in out and "  – Skipped" in out and "Worked solution:" in out
    assert "Practice: 1 of 2 right (50%) · 0 wrong, 1 skipped" in out
    assert "Stopped after 2 of 3 problems; your answers are saved." in out
    assert "softmax comes back in `dltutor review`, with new numbers each time." in out
    rows = db(_isolated_home).execute(
        "SELECT position, kind, lecture, response, verdict FROM practice_answers ORDER BY id").fetchall()
    assert rows == [(1, "softmax", "lecture-4", first, "right"), (2, "softmax", "lecture-4", "", "skipped")]


def test_a_lecture_session_goes_through_the_lectures_kinds_and_saves_each_answer(_isolated_home):
    shown = problems("lecture-6", "--seed", "2", "--n", "4", input="\n" * 4)
    assert sorted(p["kind"] for p in shown) == ["conv-output-size", "conv-params", "pooling-output",
                                                "receptive-field"]
    assert all(p["verdict"] == "skipped" and p["lecture"] == "lecture-6" for p in shown)
    assert db(_isolated_home).execute("SELECT count(*) FROM practice_answers").fetchone()[0] == 4
    by_name = problems("convolutional-neural-networks", "--seed", "2", "--n", "4")
    assert [p["params"] for p in by_name[:1]] == [shown[0]["params"]]
    assert problems("6", "--seed", "2", "--n", "1")[0]["params"] == shown[0]["params"]


def test_the_mix_covers_several_lectures_and_a_seed_replays_it(tmp_path, monkeypatch):
    first = problems("--seed", "11", "--n", "12", input="\n" * 12)
    monkeypatch.setenv("DLTUTOR_HOME", str(tmp_path))  # the same history (none), so the same weights
    again = problems("--seed", "11", "--n", "12", input="\n" * 12)
    assert [p["params"] for p in first] == [p["params"] for p in again]
    assert len({p["lecture"] for p in first}) >= 4
    assert all(a["kind"] != b["kind"] for a, b in zip(first, first[1:]))  # never the same kind twice in a row


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("target, hint", [("conv-ouput-size", "did you mean conv-output-size?"),
                                          ("sofmax", "did you mean softmax?"),
                                          ("lecture-12", "lectures 1-9 do"),
                                          ("nonsense-words-here", "dltutor practice list")])
def test_an_unknown_kind_or_lecture_is_one_line_and_status_2(target, hint):
    result = run("practice", target)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dltutor: error: ") and hint in lines[0]
    assert "Traceback" not in result.output


def test_practice_list_names_every_kind_with_its_lecture(course):
    from dltutor.study.practice.kinds import KINDS

    listed = json.loads(run("practice", "list", "--json").stdout)
    assert [k["kind"] for k in listed] == list(KINDS) and len(listed) >= 15
    assert {k["lecture"] for k in listed} == {lec.id for lec in course.lectures}
    table = run("practice", "list").stdout
    assert all(name in table for name in KINDS)
    assert re.search(r"│ conv-output-size +│ +6 │", table)


# --- results feed review and stats -------------------------------------------------------------

def test_a_missed_kind_comes_back_in_review_with_new_numbers(_isolated_home):
    problems("conv-output-size", "--seed", "3", "--n", "1", input="1\n")  # wrong (no geometry gives 1 here)
    card = db(_isolated_home).execute(
        "SELECT kind, lecture, priority, reps FROM cards WHERE key = 'practice/conv-output-size'").fetchone()
    assert card == ("practice", "lecture-6", 1, 0)  # a new card that jumps the queue
    first = run("review", input="1\n").stdout  # Again: it comes back in a minute
    assert first.splitlines()[2] == "Lecture 6 · practice problem"
    words = " ".join(first.split())  # as printed, wrapped to the width
    assert "A convolution layer reads an input" in words and "W₂ = ⌊(W₁ − F + 2P)/S⌋ + 1" in words
    later = runner.invoke(app, ["review"], input="3\n", env={"COLUMNS": "100", "NO_COLOR": "1",
                                                            "DLTUTOR_NOW": "2026-01-15T09:05:00+00:00"}).stdout
    assert later.splitlines()[2] == "Lecture 6 · practice problem"
    assert front(first) != front(later)  # the same card, other numbers
    reps = db(_isolated_home).execute("SELECT reps FROM cards WHERE key = 'practice/conv-output-size'").fetchone()
    assert reps == (2,)


def front(review_output: str) -> str:
    """The first card's front: the lines between its label and the rule above its back."""
    lines = review_output.splitlines()
    return "\n".join(lines[3:next(i for i, line in enumerate(lines) if line.strip().startswith("────"))])


def test_right_answers_make_no_card_and_stats_count_practice_by_lecture(_isolated_home):
    [p] = problems("neuron-output", "--seed", "4", "--n", "1")
    right = f"{neuron(p['params']):.4f}"
    problems("neuron-output", "--seed", "4", "--n", "1", input=right + "\n")
    assert db(_isolated_home).execute("SELECT count(*) FROM cards WHERE kind = 'practice'").fetchone() == (0,)
    problems("neuron-output", "--seed", "5", "--n", "1", input="\n")
    stats = json.loads(run("stats", "--json").stdout)
    lecture_1 = stats["lectures"][0]
    assert (lecture_1["practice_answers"], lecture_1["practice_score"]) == (2, 0.5)
    assert stats["practice_answers"] == 2 and stats["lectures"][1]["practice_score"] is None
    # The missed kind's card belongs to its lecture, so it counts in that lecture's mastery.
    assert lecture_1["cards"] == 1 + sum(1 for c in json.loads(run("cards", "list", "--json").stdout)
                                         if c["lecture"] == "lecture-1" and c["kind"] != "practice")
    table = run("stats").stdout.split("Mastery by lecture")[1]
    header = next(line for line in table.splitlines() if line.startswith("│ #"))
    assert [c.strip() for c in header.strip("│").split("│")][-2] == "practice"


@pytest.mark.parametrize("seed", range(1, 9))
def test_an_answer_rounded_to_two_places_is_right_and_one_off_by_a_hundredth_is_not(seed):
    [p] = problems("neuron-output", "--seed", str(seed), "--n", "1")
    y = neuron(p["params"])
    assert problems("neuron-output", "--seed", str(seed), "--n", "1", input=f"{y:.2f}\n")[0]["verdict"] == "right"
    assert problems("neuron-output", "--seed", str(seed), "--n", "1", input=f"{y:.0%}\n")[0]["verdict"] == "right"
    off = problems("neuron-output", "--seed", str(seed), "--n", "1", input=f"{y + 0.01:.3f}\n")[0]
    assert off["verdict"] == "wrong"


def test_a_whole_problem_worked_out_matches_the_lectures_formula():
    [p] = problems("conv-output-size", "--seed", "8", "--n", "1", input="\n")
    q = p["params"]
    assert p["expected"] == math.floor((q["w1"] - q["f"] + 2 * q["p"]) / q["s"]) + 1
    assert p["solution"][-1].endswith(f"= {p['expected']}")
