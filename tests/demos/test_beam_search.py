"""The beam-search demo: greedy, beam and exhaustive search recomputed here from the demo's table."""

from __future__ import annotations

import itertools

import pytest

from dltutor.demos import beam_search

LETTERS = "ABCDEFGHIJ"


def logp(table, seq):
    total, prev = 0.0, 0
    for t in seq:
        total += table[prev][t]
        prev = t + 1
    return total


def greedy(table, length):
    seq = []
    for _ in range(length):
        row = table[seq[-1] + 1 if seq else 0]
        seq.append(max(range(len(row)), key=lambda w: row[w]))
    return seq


def beam(table, length, k):
    beams = [()]
    for _ in range(length):
        candidates = [b + (w,) for b in beams for w in range(len(table[0]))]
        beams = sorted(candidates, key=lambda c: (-logp(table, c), c))[:k]
    return beams


def run(**options):
    frames = list(beam_search.run(**options))
    return frames, frames[-1].summary


def spelled(seq):
    return " ".join(LETTERS[t] for t in seq)


@pytest.mark.parametrize("options", [{}, {"beam": 2, "seed": 8}, {"beam": 1, "seed": 3}, {"vocab": 4, "length": 6, "seed": 2},
                                     {"beam": 10, "vocab": 3, "length": 3, "seed": 5}])
def test_greedy_beam_and_exhaustive_are_what_they_claim(options):
    frames, s = run(**options)
    table = s["log_probabilities"]
    vocab, length, k = s["vocab"], s["length"], s["beam"]
    assert len(table) == vocab + 1 and all(len(r) == vocab for r in table)
    g = greedy(table, length)
    b = beam(table, length, k)[0]
    every = list(itertools.product(range(vocab), repeat=length))
    best = max(every, key=lambda c: logp(table, c))
    assert s["greedy_sequence"] == spelled(g) and s["greedy_logp"] == pytest.approx(logp(table, g), abs=1e-12)
    assert s["beam_sequence"] == spelled(b) and s["beam_logp"] == pytest.approx(logp(table, b), abs=1e-12)
    assert s["best_logp"] == pytest.approx(logp(table, best), abs=1e-12)
    assert s["beam_logp"] <= s["best_logp"] + 1e-12
    assert s["beam_found_best"] == (logp(table, b) >= logp(table, best) - 1e-12)
    assert s["beam_rank"] == 1 + sum(logp(table, c) > logp(table, b) + 1e-12 for c in every)
    assert s["sequences"] == len(every)
    if k == 1:
        assert s["beam_sequence"] == s["greedy_sequence"]
    if k >= vocab ** length:
        assert s["beam_found_best"]


def test_the_default_run_shows_beam_search_beating_greedy():
    frames, s = run()
    table = s["log_probabilities"]
    assert logp(table, beam(table, s["length"], s["beam"])[0]) > logp(table, greedy(table, s["length"])) + 1e-9
    assert s["beam_beats_greedy"] is True
    assert "Here beam search beat greedy" in frames[-1].text
    assert "Beam search is not guaranteed to beat greedy" in frames[-1].text


def test_seeds_where_beam_search_does_not_beat_greedy_are_said_so():
    ties, worse = [], []
    for seed in range(12):
        frames, s = run(beam=2, seed=seed)
        table = s["log_probabilities"]
        g, b = logp(table, greedy(table, 5)), logp(table, beam(table, 5, 2)[0])
        if b < g - 1e-12:
            worse.append(seed)
            assert "Here beam search did worse than greedy" in frames[-1].text
        elif b <= g + 1e-12:
            ties.append(seed)
            assert "Here beam search did no better than greedy" in frames[-1].text
        else:
            assert "Here beam search beat greedy" in frames[-1].text
        assert "not guaranteed to beat greedy" in frames[-1].text
    assert ties and worse == [8]  # the registry's try-next names --beam 2 --seed 8


def test_the_tree_holds_the_kept_prefixes_with_their_log_probabilities():
    frames, s = run()
    table, k = s["log_probabilities"], s["beam"]
    tree = frames[-1].trees[0]
    by_id = {n.id: n for n in tree.nodes}

    def path(node):
        seq = []
        while node.parent is not None:
            seq.append(LETTERS.index(node.text))
            node = by_id[node.parent]
        return tuple(reversed(seq))

    depth = {}
    for node in tree.nodes[1:]:
        seq = path(node)
        assert node.value == pytest.approx(logp(table, seq), abs=1e-12)
        depth.setdefault(len(seq), set()).add(seq)
    for t in range(1, s["length"] + 1):  # each step keeps exactly the beam of that step
        assert depth[t] == set(beam(table, t, k))
    star = [n for n in tree.nodes if "★" in n.mark]
    assert len(star) == 1 and spelled(path(star[0])) == s["beam_sequence"]
    for node in tree.nodes:  # ✗ marks a prefix none of whose extensions was kept
        has_child = any(m.parent == node.id for m in tree.nodes)
        final = len(path(node)) == s["length"]
        assert ("✗" in node.mark) == (node.parent is not None and not has_child and not final)


def test_each_steps_tree_holds_the_kept_beams_and_their_prefixes_only():
    frames, s = run(beam=2, seed=8)
    table = s["log_probabilities"]
    for t in range(1, s["length"] + 1):
        tree = next(f for f in frames if f.stage == f"step {t}").trees[0]
        by_id = {n.id: n for n in tree.nodes}

        def path(node):
            seq = []
            while node.parent is not None:
                seq.append(LETTERS.index(node.text))
                node = by_id[node.parent]
            return tuple(reversed(seq))

        leaves = {path(n) for n in tree.nodes if not any(m.parent == n.id for m in tree.nodes)}
        assert leaves == set(beam(table, t, 2))
        prefixes = {b[:i] for b in leaves for i in range(1, t + 1)}
        assert {path(n) for n in tree.nodes[1:]} == prefixes
