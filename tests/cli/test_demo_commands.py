"""`dltutor demo ...` as a learner runs it: the list, each demo's output, --json, bad input, Ctrl-C."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from dltutor.cli import app
from dltutor.demos.registry import DEMOS

runner = CliRunner()


def run(*args: str, width: int = 80):
    return runner.invoke(app, ["demo", *args], env={"COLUMNS": str(width)})


def frames_of(*args: str) -> list[dict]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_demo_list_names_every_demo_with_its_lecture():
    result = run("list")
    assert result.exit_code == 0
    for d in DEMOS:
        row = next(line for line in result.stdout.splitlines() if line.startswith(f"│ {d.name} "))
        assert d.lecture in row
    assert "gradient-descent (gd)" in result.stdout
    data = json.loads(run("list", "--json").stdout)
    assert [d["name"] for d in data] == [d.name for d in DEMOS]
    assert data[2]["lecture"] == "lecture-3" and data[4]["aliases"] == ["gd"]


@pytest.mark.parametrize("name", ["nope", "perceptrom"])
def test_an_unknown_demo_lists_the_demos_and_exits_2(name):
    result = run(name)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"dltutor: error: no demo named '{name}'")
    assert all(d.name in result.stderr for d in DEMOS)
    assert "Traceback" not in result.stderr
    if name == "perceptrom":
        assert "did you mean perceptron" in result.stderr


EXPECTED = {
    "neuron": {"z", "y"},
    "activations": {"saturates", "max_slope", "max_autograd_diff"},
    "perceptron": {"converged", "epochs", "updates", "novikoff_bound", "accuracy"},
    "xor": {"perceptron_converged", "cycle_detected", "mlp_accuracy"},
    "gradient-descent": {"methods", "stability_limit"},
    "backprop": {"max_abs_diff", "loss_before", "loss_after"},
    "conv": {"input_size", "kernel", "stride", "padding", "output_size", "torch_output_size", "params_conv",
             "params_dense", "pooled_size"},
    "receptive-field": {"layers"},
    "vanishing": {"activations"},
    "regularization": {"best_epoch", "train_loss", "val_loss", "val_loss_at_best", "l1_zero_weights",
                       "l2_zero_weights", "dropout_val_loss"},
    "momentum": {"steps_gd", "steps_momentum", "condition", "beta"},
    "cnn": {"accuracy", "shifted_accuracy_pool", "shifted_accuracy_no_pool"},
}


def test_the_nested_summaries_hold_the_fields_the_issue_names():
    layers = frames_of("receptive-field")[-1]["summary"]["layers"]
    assert layers and all({"name", "rf", "rf_autograd"} <= set(layer) for layer in layers)
    per = frames_of("vanishing", "--steps", "1")[-1]["summary"]["activations"]
    assert set(per) == {"sigmoid", "tanh", "ReLU", "leaky ReLU"}
    assert all({"grad_norm_first", "grad_norm_last", "ratio", "dead_fraction"} <= set(v) for v in per.values())


@pytest.mark.parametrize("name", list(EXPECTED))
def test_json_prints_one_frame_per_line_and_the_summary_last(name):
    frames = frames_of(name)
    assert all(f["demo"] == name for f in frames)
    assert all("summary" not in f for f in frames[:-1])
    summary = frames[-1]["summary"]
    assert EXPECTED[name] <= set(summary)
    assert frames[-1]["step"] == frames[-1]["total"]


def test_json_summaries_hold_the_facts():
    neuron = frames_of("neuron", "--x", "1,0", "--w", "0.5,-1", "--b", "0.1")[-1]["summary"]
    assert neuron["z"] == pytest.approx(0.6)
    assert set(neuron["y"]) == {"BTU", "linear", "sigmoid", "tanh", "ReLU", "leaky ReLU"}
    p = frames_of("perceptron", "--gate", "NAND")[-1]["summary"]
    assert p["converged"] is True and p["updates"] <= p["novikoff_bound"] and p["accuracy"] == 1
    x = frames_of("xor")[-1]["summary"]
    assert x["perceptron_converged"] is False and x["cycle_detected"] is True and x["mlp_accuracy"] == 1
    gd = frames_of("gd", "--lr", "1.1")[-1]["summary"]
    assert gd["lr"] > gd["stability_limit"]
    assert all(gd["methods"][m]["diverged"] for m in ("batch", "sgd", "minibatch"))
    b = frames_of("backprop", "--steps", "5")[-1]["summary"]
    assert b["max_abs_diff"] <= 1e-12 and b["loss_after"] < b["loss_before"]


def test_the_same_seed_gives_the_same_run():
    args = ("perceptron", "--data", "random", "--points", "12", "--seed", "9")
    assert frames_of(*args) == frames_of(*args)
    assert frames_of(*args) != frames_of("perceptron", "--data", "random", "--points", "12", "--seed", "8")


def test_no_animate_prints_the_formula_the_lecture_link_the_final_state_and_what_to_try():
    result = run("perceptron", "--no-animate")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Δwᵢ = λ(tₖ − yₖ) xₖᵢ" in out  # the lecture's own formula, as `read` renders it
    assert "dltutor read lecture-3" in out
    assert "converged after 10 updates" in out
    assert "novikoff bound" in out and "51" in out
    assert "Try next" in out and "\x1b[" not in out  # not a terminal: no colour codes


def test_not_a_terminal_means_final_state_only():
    # Without --no-animate, output to a pipe is the same final picture.
    assert run("backprop").stdout == run("backprop", "--no-animate").stdout


@pytest.mark.parametrize("name", [d.name for d in DEMOS])
def test_every_demo_draws_its_final_state(name):
    result = run(name, "--no-animate", width=100)
    assert result.exit_code == 0, result.output
    assert "Summary" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["perceptron", "--lr", "-1"], "--lr must be greater than 0"),
        (["perceptron", "--lr", "0"], "--lr must be greater than 0"),
        (["perceptron", "--epochs", "0"], "--epochs must be a whole number"),
        (["perceptron", "--gate", "nor"], "--gate must be one of and, or, nand, not"),
        (["perceptron", "--gate", "xor"], "dltutor demo xor"),
        (["perceptron", "--lr", "abc"], "Invalid value for '--lr'"),
        (["perceptron", "--points", "1", "--data", "random"], "--points"),
        (["perceptron", "--init", "ones"], "--init must be one of zero, random"),
        (["neuron", "--x", "1,0,1", "--w", "0.5,-1"], "same length"),
        (["neuron", "--x", "1,a"], "'a' is not a number"),
        (["neuron", "--x", "1,nan", "--w", "1,1"], "not a finite number"),
        (["neuron", "--alpha", "2"], "--alpha"),
        (["backprop", "--steps", "-3"], "--steps must be a whole number"),
        (["backprop", "--t", "2"], "--t must be from 0 to 1"),
        (["backprop", "--x", ""], "is not a number"),
        (["gd", "--lr", "-0.1"], "--lr must be greater than 0"),
        (["gd", "--batch-size", "100", "--points", "10"], "--batch-size"),
        (["gd", "--data", "images"], "--data must be one of regression, classification"),
        (["xor", "--hidden", "0"], "--hidden"),
        (["xor", "--speed", "0"], "--speed must be greater than 0"),
        (["activations", "--range", "-1"], "--range must be greater than 0"),
        (["perceptron", "--seed", "-1"], "--seed"),
        (["perceptron", "--bogus"], "No such option"),
        (["conv", "--kernel", "15", "--padding", "1"], "--kernel 15 is larger than the padded image: 12 + 2·1 = 14"),
        (["conv", "--stride", "0"], "--stride must be a whole number from 1 to 15, not 0"),
        (["conv", "--kernel", "2.5"], "Invalid value for '--kernel'"),
        (["conv", "--image", "q"], "--image must be one of 7, 3, a, t, x"),
        (["conv", "--filter", "emboss"], "--filter must be one of edge-x, edge-y, blur, sharpen"),
        (["conv", "--kernel", "1"], "--filter edge-x needs --kernel 2 or more"),
        (["conv", "--kernel", "12"], "2×2 pooling needs at least 2×2"),
        (["receptive-field", "--layers", "conv3,fc10"], "'fc10' is not a layer"),
        (["receptive-field", "--layers", "conv5,conv5", "--size", "8"], "--size 8 is too small"),
        (["vanishing", "--depth", "0"], "--depth must be a whole number from 1 to 50, not 0"),
        (["vanishing", "--depth", "10000"], "--depth must be a whole number from 1 to 50, not 10000"),
        (["vanishing", "--init", "ones"], "--init must be one of default, xavier, he"),
        (["regularization", "--penalty", "-1"], "--penalty must be from 0 to 100, not -1"),
        (["regularization", "--dropout", "1"], "--dropout must be at least 0 and below 1"),
        (["momentum", "--beta", "1"], "--beta must be at least 0 and below 1"),
        (["momentum", "--condition", "0"], "--condition must be from 1 to"),
        (["cnn", "--shift", "9"], "--shift must be a whole number from 0 to 5"),
        (["cnn", "--epochs", "20000", "--train", "5000"], "would take about"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dltutor: error: ")
    assert message in lines[0]


def test_option_text_never_reaches_the_terminal_raw():
    result = run("neuron", "--x", "1,\x1b[31mred")
    assert result.exit_code == 2 and "\x1b" not in result.stderr


def test_the_animation_draws_frames_in_place_then_the_final_state():
    from rich.console import Console

    from dltutor.course.load import load_course
    from dltutor.demos import perceptron
    from dltutor.demos.registry import find_demo
    from dltutor.render.demo import play_animated

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, height=24, color_system="truecolor")
    shown = []

    def start():
        for frame in perceptron.run(gate="or"):
            shown.append(frame)
            yield frame

    last = play_animated(find_demo("perceptron"), load_course(), start, console, speed=1000)
    text = out.getvalue()
    assert len(shown) == 5 and last is shown[-1]  # the start, epochs 1-3, and epoch 4 without mistakes
    assert "\x1b[2K" in text or "\x1b[1A" in text  # Live redrew in place
    assert "Epoch 1 on the OR gate:" in text and "converged after 4 updates" in text and "Try next" in text


def test_ctrl_c_stops_a_demo_with_exit_130_and_no_traceback(monkeypatch):
    from dltutor.demos import perceptron

    real = perceptron.run

    def interrupted(**options):
        yield next(real(**options))
        raise KeyboardInterrupt

    monkeypatch.setattr(perceptron, "run", interrupted)
    result = run("perceptron", "--no-animate")
    assert result.exit_code == 130
    assert "Traceback" not in result.output


def test_ctrl_c_in_a_real_process():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([os.getcwd(), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "dltutor", "demo", "gd", "--json", "--epochs", "2000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None
    proc.stdout.readline()  # torch is loaded and the run has started
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err


@pytest.mark.parametrize("command", sorted({c.split("   (")[0] for d in DEMOS for c in d.try_next}))
def test_every_try_next_suggestion_runs(command):
    args = command.split()[1:]
    result = runner.invoke(app, args + (["--json"] if args[0] == "demo" else []), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    if args[:3] == ["demo", "gd", "--lr"]:  # "just past the stability limit: batch GD diverges"
        summary = json.loads(result.stdout.splitlines()[-1])["summary"]
        assert summary["methods"]["batch"]["diverged"] is True


def test_read_lists_each_lectures_demos_with_what_they_show(course):
    for lecture in course.lectures:
        out = runner.invoke(app, ["read", lecture.id, "--markdown"]).stdout
        # The demos of its visual aids, and every demo whose lecture it is.
        names = set(lecture.demos) | {d.name for d in DEMOS if d.lecture == lecture.id}
        for name in names:
            info = next(d for d in DEMOS if d.name == name)
            assert f"- `dltutor demo {name}` — {info.summary}" in out
        assert out.count("- `dltutor demo ") == len(names)
    six = runner.invoke(app, ["read", "6", "--markdown"]).stdout
    assert all(f"`dltutor demo {n}`" in six for n in ("conv", "receptive-field", "cnn"))
    eight = runner.invoke(app, ["read", "8", "--markdown"]).stdout
    assert all(f"`dltutor demo {n}`" in eight for n in ("vanishing", "regularization", "momentum"))


def test_the_readmes_demo_output_is_what_the_command_prints():
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8").read()
    start = "$ dltutor demo perceptron --gate or --no-animate\n"
    block = readme.split(start, 1)[1].split("\n$ ", 1)[0]
    printed = run("perceptron", "--gate", "or", "--no-animate").stdout
    assert block.rstrip("\n") == "\n".join(line.rstrip() for line in printed.splitlines()).rstrip("\n")


@pytest.mark.parametrize("name", [d.name for d in DEMOS])
def test_every_demo_fits_40_columns(name):
    from rich.cells import cell_len

    result = run(name, "--no-animate", width=40)
    assert result.exit_code == 0, result.output
    wide = [line for line in result.stdout.splitlines() if cell_len(line) > 40]
    assert wide == []


def test_try_next_says_what_its_runs_show():
    def summary(*args):
        return frames_of(*args)[-1]["summary"]

    base = summary("regularization")
    assert summary("regularization", "--penalty", "0.05")["l1_zero_weights"] > base["l1_zero_weights"]
    vanishing = summary("vanishing", "--init", "default", "--steps", "0")["activations"]
    assert all(v["ratio"] < 1 for v in vanishing.values())  # every first layer gets less than the last
    big = summary("vanishing", "--big-lr", "30", "--steps", "0")["activations"]["ReLU"]["silent_fraction"]
    assert big > summary("vanishing", "--steps", "0")["activations"]["ReLU"]["silent_fraction"]
    assert summary("momentum", "--beta", "0.99")["steps_momentum"] > summary("momentum")["steps_momentum"]
    fields = summary("receptive-field", "--layers", "conv3,conv3,conv3,conv3")["layers"]
    assert [layer["rf"] for layer in fields] == [3, 5, 7, 9]
    holes = summary("receptive-field", "--layers", "conv1s2,conv3")
    assert holes["all_exact"] is False
    assert summary("conv", "--kernel", "5", "--stride", "2", "--padding", "2")["output_size"] == 6
