"""`beam-search`: greedy decoding against beam search on a toy language model, and the true best.

The model is a seeded table of next-token probabilities P(next | previous) over a small
vocabulary (a row for the start, then one per token), and every sequence has `length`
tokens. A sequence's log probability is the sum of its steps' log P. Greedy decoding takes the
likeliest next token at each step. Beam search keeps the k likeliest prefixes at each step:
every kept prefix is extended by every token, and the k best of all those candidates, by total
log probability, are kept; greedy is beam search with k = 1. Exhaustive search scores every
one of the vocab^length sequences, so the demo knows the true best and where the beam's
answer ranks. Neither greedy nor beam search is guaranteed to find it, and a wider beam is
not guaranteed to beat greedy: keeping k prefixes can drop the one greedy would have finished.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterator

from dltutor.demos import backend as B
from dltutor.demos.frames import Frame, Matrix, Tree, TreeNode

torch = B.torch

TOKENS = "ABCDEFGHIJ"
START = "<s>"
SHARPNESS = 1.5  # logits are N(0, 1) times this: peaked enough that a first choice can mislead
CANDIDATE_ROWS = 10  # candidates a step's table shows
EQUAL = 1e-12


def language_model(vocab: int, seed: int) -> "torch.Tensor":
    """(vocab + 1) × vocab log probabilities: row 0 is P(first token), row j + 1 is P(next | token j).

    The table is drawn from the stream seed + 1, a choice made so that the default seed (0) shows a
    table where beam search beats greedy; many seeds do not (the tests find some).
    """
    logits = SHARPNESS * B.normal((vocab + 1, vocab), B.generator(seed + 1))
    return torch.log_softmax(logits, 1)


@dataclass
class Candidate:
    tokens: tuple[int, ...]
    logp: float
    parent: int  # the tree node of the prefix it extends
    kept: bool = False


@dataclass
class BeamStep:
    number: int
    candidates: list[Candidate]  # every extension of every kept prefix, best first
    kept: list[int] = field(default_factory=list)  # tree node ids of the kept ones


def beam_search(table: list[list[float]], length: int, k: int) -> tuple[list[BeamStep], list[TreeNode]]:
    """Keep the k likeliest prefixes at each step. Ties go to the alphabetically first sequence."""
    vocab = len(table[0])
    nodes = [TreeNode(0, None, START, 0.0)]
    beams = [((), 0.0, 0)]  # (tokens, log p, tree node)
    steps: list[BeamStep] = []
    for number in range(1, length + 1):
        candidates = [Candidate(tokens + (w,), logp + table[tokens[-1] + 1 if tokens else 0][w], node)
                      for tokens, logp, node in beams for w in range(vocab)]
        candidates.sort(key=lambda c: (-c.logp, c.tokens))
        step = BeamStep(number, candidates)
        beams = []
        for c in candidates[:k]:
            c.kept = True
            nodes.append(TreeNode(len(nodes), c.parent, TOKENS[c.tokens[-1]], c.logp))
            step.kept.append(nodes[-1].id)
            beams.append((c.tokens, c.logp, nodes[-1].id))
        steps.append(step)
    return steps, nodes


def exhaustive(logp: "torch.Tensor", length: int) -> "torch.Tensor":
    """The log probability of every sequence, as a tensor with one axis per step (vocab^length entries)."""
    total = logp[0]
    for _ in range(length - 1):
        total = total[..., None] + logp[1:]  # total[..., prev, next] = total[..., prev] + log P(next | prev)
    return total


def spell(tokens: tuple[int, ...] | list[int]) -> str:
    return " ".join(TOKENS[t] for t in tokens)


def run(beam: int = 3, vocab: int = 6, length: int = 5, seed: int = 0) -> Iterator[Frame]:
    logp = language_model(vocab, seed)
    table = B.rows(logp)
    probs = B.rows(torch.exp(logp))
    letters = list(TOKENS[:vocab])
    model_table = Matrix("P(next | previous): rows the previous token, columns the next", probs,
                         rows=[START, *letters], cols=letters)
    total = length + 3
    greedy_steps, _ = beam_search(table, length, 1)
    greedy = greedy_steps[-1].candidates[0]
    steps, nodes = beam_search(table, length, beam)
    legend = "numbers: log p · ✗ no extension kept · ★ the answer"
    yield Frame(demo="beam-search", step=1, total=total, stage="model",
                text=(f"A toy language model over {vocab} tokens: each row gives the probabilities of the next token "
                      f"after the previous one ({START}: the first token). We want the likeliest sequence of {length} "
                      f"tokens; its log probability is the sum of its steps' log P. Greedy decoding takes the likeliest "
                      f"token at every step: {spell(greedy.tokens)}, log p = {greedy.logp:.3f}."),
                scalars={"vocab": vocab, "length": length, "beam": beam}, matrices=[model_table], pause=2.5)

    parent_of = {n.id: n.parent for n in nodes}

    def tree(upto: int, marks: dict[int, str] | None = None) -> Tree:
        """After step `upto`: the paths to the prefixes kept then (or, with `marks`, every prefix ever kept)."""
        if marks is None:
            alive: set[int] = set()
            for node in steps[upto - 1].kept:
                while node is not None and node not in alive:
                    alive.add(node)
                    node = parent_of[node]
            shown = [n for n in nodes if n.id in alive]
            return Tree(f"the {beam} kept after step {upto}, with their prefixes", shown, "numbers: log p")
        shown = [TreeNode(n.id, n.parent, n.text, n.value, marks.get(n.id, "")) for n in nodes]
        return Tree(f"beam search, k = {beam}: every prefix it kept", shown, legend)

    for step in steps:
        kept = [c for c in step.candidates if c.kept]
        table_rows = step.candidates[:CANDIDATE_ROWS]
        cands = Matrix(f"step {step.number}: {len(step.candidates)} candidates, best first ({len(kept)} kept)",
                       [[c.logp, 1.0 if c.kept else 0.0] for c in table_rows], rows=[spell(c.tokens) for c in table_rows],
                       cols=["log p", "kept"])
        prefixes = len(step.candidates) // vocab
        yield Frame(demo="beam-search", step=step.number + 1, total=total, stage=f"step {step.number}",
                    text=(f"Step {step.number}: {'the start' if step.number == 1 else f'each of the {prefixes} kept prefixes'} "
                          f"is extended by all {vocab} tokens, {len(step.candidates)} candidates; the {len(kept)} with the "
                          "highest log p are kept: " + ", ".join(f"{spell(c.tokens)} ({c.logp:.3f})" for c in kept) + "."),
                    scalars={"step": step.number, "kept": len(kept)}, matrices=[cands], trees=[tree(step.number)],
                    pause=2.0)

    scores = exhaustive(logp, length)
    flat = scores.reshape(-1)
    best_index = int(flat.argmax())
    best = tuple(best_index // vocab ** (length - 1 - i) % vocab for i in range(length))  # (torch.unravel_index imports sympy: +0.9 s)
    best_logp = float(flat[best_index])
    answer = steps[-1].candidates[0]
    rank = int((flat > answer.logp + EQUAL).sum()) + 1
    found = answer.logp >= best_logp - EQUAL
    sequences = vocab ** length
    yield Frame(demo="beam-search", step=length + 2, total=total, stage="exhaustive",
                text=(f"Exhaustive search scores all {vocab}^{length} = {sequences:,} sequences: the best is "
                      f"{spell(best)}, log p = {best_logp:.3f}. The beam's answer, {spell(answer.tokens)} "
                      f"({answer.logp:.3f}), ranks {rank} of {sequences:,}."),
                scalars={"sequences": sequences, "beam rank": rank}, trees=[tree(length)], pause=2.5)

    # What happened to greedy's choices inside the beam, for the comparison below.
    diverge = next((i for i, (a, b) in enumerate(zip(greedy.tokens, answer.tokens)) if a != b), None)
    pruned_at = next((s.number for s in steps if greedy.tokens[:s.number] not in {c.tokens for c in s.candidates if c.kept}),
                     None)
    if answer.logp > greedy.logp + EQUAL:
        t = diverge  # greedy and beam differ somewhere, or they could not differ in log p
        assert t is not None
        compare = (f"Here beam search beat greedy by {answer.logp - greedy.logp:.3f} in log p (a sequence "
                   f"{math.exp(answer.logp - greedy.logp):.2f} times as likely): at step {t + 1} greedy took "
                   f"{TOKENS[greedy.tokens[t]]} (log P {table[greedy.tokens[t - 1] + 1 if t else 0][greedy.tokens[t]]:.3f}), "
                   f"the beam's answer has {TOKENS[answer.tokens[t]]} "
                   f"({table[answer.tokens[t - 1] + 1 if t else 0][answer.tokens[t]]:.3f}), and its later steps more than "
                   "made up for it.")
    elif answer.logp >= greedy.logp - EQUAL:
        compare = ("Here beam search did no better than greedy: " +
                   ("it found the same sequence." if answer.tokens == greedy.tokens else
                    "its sequence is as likely as greedy's."))
    else:
        compare = (f"Here beam search did worse than greedy, by {greedy.logp - answer.logp:.3f} in log p: greedy's prefix "
                   f"{spell(greedy.tokens[:pruned_at])} was not among the {beam} kept at step {pruned_at}, though it would "
                   "have ended better.")
    compare += (f" Beam search is not guaranteed to beat greedy, nor to find the best sequence: it keeps only the {beam} "
                "likeliest prefixes at each step, and the best sequence may start with a prefix it dropped. This time "
                + ("it found the best." if found else f"it did not find the best ({best_logp:.3f})."))
    marks = {n.id: "✗" for n in nodes if n.id and n.id not in {m.parent for m in nodes} and n.id not in steps[-1].kept}
    marks[steps[-1].kept[0]] = "★"
    results = Matrix("the three answers", [[greedy.logp], [answer.logp], [best_logp]],
                     rows=[f"greedy      {spell(greedy.tokens)}", f"beam, k = {beam} {spell(answer.tokens)}",
                           f"exhaustive  {spell(best)}"], cols=["log p"])
    summary = {
        "greedy_logp": greedy.logp,
        "beam_logp": answer.logp,
        "best_logp": best_logp,
        "beam_found_best": found,
        "beam_beats_greedy": answer.logp > greedy.logp + EQUAL,
        "greedy_sequence": spell(greedy.tokens),
        "beam_sequence": spell(answer.tokens),
        "best_sequence": spell(best),
        "beam_rank": rank,
        "sequences": sequences,
        "beam": beam,
        "vocab": vocab,
        "length": length,
        "log_probabilities": table,
    }
    yield Frame(demo="beam-search", step=total, total=total, stage="done", text=compare,
                scalars={"greedy": greedy.logp, "beam": answer.logp, "best": best_logp},
                matrices=[results, model_table], trees=[tree(length, marks)], pause=0.0, summary=summary)
