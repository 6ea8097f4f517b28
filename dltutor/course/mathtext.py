"""LaTeX math in course text, rendered as readable Unicode for the terminal.

This module owns everything between a pair of `$`: finding the formulas in
Markdown/plain text (`MATH_RE`, `find_formulas`), turning one formula into
Unicode (`latex_to_unicode`) and rewriting a whole text (`render_math`).

It is a small recursive-descent parser over LaTeX tokens (commands, groups,
`^`, `_`, `&`, `\\\\`) with its own symbol tables. It stays import-light (even
`re` is loaded on first use) and never raises: a malformed formula degrades to
readable text.
"""

from __future__ import annotations

TYPE_CHECKING = False  # spares importing typing at run time
if TYPE_CHECKING:
    import re

__all__ = ["MATH_RE", "find_formulas", "latex_to_unicode", "render_math"]

# `\$` is a literal dollar; `$$...$$` is display math; for inline `$...$` we use
# pandoc's rule (no space just inside the dollars, no digit right after the
# closing one) so prices like "$5 and $10" are not taken for a formula.
_MATH_PATTERN = (
    r"\\\$"
    r"|\$\$(?P<display>(?:\\.|[^\\$])+?)\$\$"
    r"|\$(?!\s)(?P<inline>(?:\\.|[^\\$])+?)(?<!\s)\$(?!\d)"
)
_TOKEN_PATTERN = r"\\(?:[A-Za-z]+|.)?|\s+|."
_compiled: dict[str, re.Pattern[str]] = {}


def _re(pattern: str) -> re.Pattern[str]:
    """Compile on first use: `re` costs ~4 ms to import in a fresh interpreter."""
    if pattern not in _compiled:
        import re

        _compiled[pattern] = re.compile(pattern, re.S)
    return _compiled[pattern]


def __getattr__(name: str) -> re.Pattern[str]:
    if name == "MATH_RE":  # the compiled formula finder, built lazily
        return _re(_MATH_PATTERN)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "omicron": "ο", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ",
    "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ",
    "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
_SYMBOLS = _GREEK | {
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠",
    "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝",
    "ll": "≪", "gg": "≫", "cdot": "·", "times": "×", "div": "÷", "pm": "±",
    "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘", "bullet": "•",
    "oplus": "⊕", "otimes": "⊗", "odot": "⊙", "in": "∈", "notin": "∉",
    "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇",
    "cup": "∪", "cap": "∩", "setminus": "∖", "emptyset": "∅", "varnothing": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬", "land": "∧",
    "wedge": "∧", "lor": "∨", "vee": "∨", "infty": "∞", "partial": "∂",
    "nabla": "∇", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "gets": "←", "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔",
    "Leftrightarrow": "⇔", "implies": "⟹", "iff": "⟺", "mapsto": "↦",
    "dots": "…", "ldots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
    "sum": "Σ", "prod": "∏", "int": "∫", "iint": "∬", "oint": "∮",
    "prime": "′", "ell": "ℓ", "hbar": "ℏ", "perp": "⊥", "top": "⊤",
    "parallel": "∥", "angle": "∠", "deg": "deg", "degree": "°",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋",
    "lceil": "⌈", "rceil": "⌉", "vert": "|", "lvert": "|", "rvert": "|",
    "mid": "|", "Vert": "‖", "lVert": "‖", "rVert": "‖", "|": "‖",
    "lbrace": "{", "rbrace": "}",
}
_SPACES = {"quad": "  ", "qquad": "    ", ",": " ", ";": " ", ":": " ",
           ">": " ", " ": " ", "!": "", "\\": " ", "": ""}
_SIZING = {"left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl",
           "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr"}
_NOOP = {"displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle",
         "limits", "nolimits", "nonumber", "notag", "mathstrut", "strut"}
_DROP_ARG = {"label", "hspace", "vspace", "phantom", "hphantom", "vphantom"}
_TEXT_FONTS = {"text", "textrm", "textbf", "textit", "texttt", "textsf",
               "textnormal", "mbox", "hbox", "emph", "operatorname"}
_MATH_FONTS = {"mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal",
               "mathscr", "mathfrak", "boldsymbol", "bm", "pmb", "mathbb"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}
_ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304",
            "overline": "\u0305", "tilde": "\u0303", "widetilde": "\u0303",
            "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308", "underline": "\u0332"}
_SUP = dict(zip("0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδεθιφχ",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᵋᶿᶥᵠᵡ"))
_SUB = dict(zip("0123456789+-−=()aehijklmnoprstuvxβγρφχ",
                "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ"))
# Delimiter columns: (one row, top, middle, bottom, extension).
_DELIMS = {
    "cases": (("{", "⎧", "⎨", "⎩", "⎪"), None),
    "pmatrix": (("(", "⎛", "⎜", "⎝", "⎜"), (")", "⎞", "⎟", "⎠", "⎟")),
    "bmatrix": (("[", "⎡", "⎢", "⎣", "⎢"), ("]", "⎤", "⎥", "⎦", "⎥")),
    "vmatrix": (("|",) * 5, ("|",) * 5),
    "Vmatrix": (("‖",) * 5, ("‖",) * 5),
}
# A frac part holding one of these at top level needs parentheses.
_OPERATORS = frozenset(" +−-=<>≤≥≠≈,/·×±∓→∈:;|")
# In LaTeX math `\Delta w` and `\partial \text{loss}` read as one term; the
# author's space there is only a command terminator, so we drop it.
_GLUE_AFTER = set(_GREEK) | {"partial", "nabla"}
_GLUE_BEFORE = {"\\text", "\\mathrm", "\\mathbf", "\\operatorname", "\\left"}
_CELL_STOPS = frozenset({"&", "\\\\", "\\end"})
_TOP_STOPS = frozenset({"&", "\\\\"})
_ARG_STOPS = frozenset({"}", "&", "\\\\", "\\end"})


def _flat(s: str) -> str:
    """One line: multi-line pieces (cases) inside a frac or script."""
    return " ".join(line.strip() for line in s.split("\n") if line.strip())


def _wrapped(s: str) -> bool:
    """True when `s` is one parenthesised group, like `(a + b)`."""
    if not (s.startswith("(") and s.endswith(")")):
        return False
    depth = 0
    for i, c in enumerate(s):
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return i == len(s) - 1
    return False


def _wrap(s: str) -> str:
    """Parenthesise a fraction part only when it holds a top-level operator."""
    s = _flat(s).strip()
    depth = 0
    for c in s:
        if c in "([⟨":
            depth += 1
        elif c in ")]⟩":
            depth -= 1
        elif depth <= 0 and c in _OPERATORS:
            return f"({s})"
    return s


def _script(s: str, sup: bool) -> str:
    s = _flat(s).strip()
    table = _SUP if sup else _SUB
    packed = s.replace(" ", "")
    if all(c in table for c in packed):
        return "".join(table[c] for c in packed)
    # Mixing Unicode scripts with plain letters would misread, so the whole
    # script falls back to an explicit marker.
    return ("^" if sup else "_") + (s if len(s) == 1 or _wrapped(s) else f"({s})")


def _column(delims: tuple[str, ...], n: int) -> list[str]:
    one, top, mid, bottom, ext = delims
    if n == 1:
        return [one]
    return [top] + [mid if i == (n - 1) // 2 else ext for i in range(1, n - 1)] + [bottom]


def _stack(rows: list[list[str]], env: str) -> str:
    """Lay out `&`/`\\\\` rows as aligned lines, with a brace for cases."""
    rows = [[_flat(c).strip() for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return ""
    left, right = _DELIMS.get(env, (None, None))
    sep = "  " if left else " "
    widths = [max(len(r[i]) for r in rows if i < len(r)) for i in range(max(map(len, rows)))]
    lines = [sep.join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    if env == "cases" and len(lines) == 2:
        lines.insert(1, "")  # so the brace gets its middle tip: ⎧ ⎨ ⎩
    if right:
        width = max(map(len, lines))
        lines = [f"{ln.ljust(width)} {d}" for ln, d in zip(lines, _column(right, len(lines)))]
    if left:
        lines = [f"{d} {ln}" for d, ln in zip(_column(left, len(lines)), lines)]
    return "\n".join(ln.rstrip() for ln in lines)


class _Parser:
    def __init__(self, latex: str) -> None:
        self.toks = [" " if t.isspace() else t for t in _re(_TOKEN_PATTERN).findall(latex)]
        self.pos = 0
        self.text = False  # inside \text{...}: '-' and "'" stay as typed

    def peek(self, k: int = 0) -> str | None:
        i = self.pos + k
        return self.toks[i] if i < len(self.toks) else None

    def next(self) -> str | None:
        tok = self.peek()
        self.pos += 1
        return tok

    def rows(self, in_env: bool) -> list[list[str]]:
        rows: list[list[str]] = [[]]
        while True:
            rows[-1].append(self.seq(_CELL_STOPS if in_env else _TOP_STOPS))
            tok = self.next()
            if tok == "&":
                continue
            if tok == "\\\\":
                if self.peek() == "[" and "]" in self.toks[self.pos:]:  # \\[2pt]
                    self.pos = self.toks.index("]", self.pos) + 1
                rows.append([])
                continue
            if tok == "\\end":
                self.raw()
            return rows

    def seq(self, stops: frozenset[str]) -> str:
        out = ""
        while (tok := self.peek()) is not None and tok not in stops:
            piece = self.item()
            if out.endswith(" "):
                if piece == " ":
                    continue
                if piece.strip(" "):  # "1 \text{ if }": one space separates enough
                    piece = piece.lstrip(" ")
            if "\n" in piece:  # a stacked block: indent its lines under its start
                piece = piece.replace("\n", "\n" + " " * (len(out) - out.rfind("\n") - 1))
            out += piece
        return out

    def group(self) -> str:
        body = self.seq(frozenset("}"))
        self.next()
        return body

    def arg(self) -> str:
        while self.peek() == " ":
            self.pos += 1
        tok = self.peek()
        return "" if tok is None or tok in _ARG_STOPS else self.item()

    def raw(self) -> str:
        """An argument as written (environment names, array column specs)."""
        while self.peek() == " ":
            self.pos += 1
        if self.peek() != "{":
            return (self.next() or "").lstrip("\\")
        self.pos += 1
        depth, parts = 1, []
        while (tok := self.next()) is not None:
            depth += (tok == "{") - (tok == "}")
            if depth == 0:
                break
            parts.append(tok)
        return "".join(parts).strip()

    def item(self) -> str:
        tok = self.next() or ""
        if tok == "{":
            return self.group()
        if tok in ("^", "_"):
            return _script(self.arg(), tok == "^")
        if tok.startswith("\\"):
            return self.command(tok[1:])
        if tok in ("}", "&"):
            return "" if tok == "}" else " "
        if tok == "~":
            return " "
        if self.text:
            return tok
        return {"-": "−", "'": "′"}.get(tok, tok)

    def command(self, name: str) -> str:
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            num, den = self.arg(), self.arg()
            return f"{_wrap(num)}/{_wrap(den)}"
        if name == "sqrt":
            index = ""
            if self.peek() == "[":
                self.pos += 1
                index = _script(self.seq(frozenset("]")), sup=True)
                self.next()
            return f"{index}√{_wrap(self.arg())}"
        if name in _TEXT_FONTS:
            saved, self.text = self.text, True
            try:
                return self.arg()
            finally:
                self.text = saved
        if name in _MATH_FONTS:
            body = self.arg()
            return "".join(_BLACKBOARD.get(c, c) for c in body) if name == "mathbb" else body
        if name in _ACCENTS:
            import unicodedata  # C module, loaded only when a formula has an accent

            body = "".join(c if c.isspace() else c + _ACCENTS[name] for c in self.arg())
            return unicodedata.normalize("NFC", body)  # ŷ renders better than y + U+0302
        if name == "begin":
            env = self.raw()
            if env == "array":
                self.raw()  # column spec
            return _stack(self.rows(in_env=True), env.rstrip("*"))
        if name in _DROP_ARG or name == "end":
            self.raw()
            return ""
        if name in _SIZING:
            if self.peek() == ".":  # \left. is an invisible delimiter
                self.pos += 1
            return ""
        if name in _NOOP:
            return ""
        if name.isspace() or name in _SPACES:
            if name in ("quad", "qquad") and self.peek() == " ":
                self.pos += 1
            return _SPACES.get(name, " ")
        if name in _GLUE_AFTER and self.peek() == " ":
            after = self.peek(1) or ""
            if (len(after) == 1 and after.isalnum()) or after in ("(", "[") \
                    or after in _GLUE_BEFORE or after[1:] in _GREEK:
                self.pos += 1
        # Beyond our own table, unicodeit's ~4,000 symbol names (\pm, \forall, \odot...);
        # unknown commands (\log, \max, \foo) read best as their bare name.
        return _SYMBOLS.get(name) or _unicodeit_symbol(name) or name


_UNICODEIT: dict[str, str] = {}


def _unicodeit_symbol(name: str) -> str | None:
    """The symbol unicodeit knows for `\\name` exactly (its table loads on first need)."""
    if not _UNICODEIT:
        try:
            from unicodeit.data import REPLACEMENTS
        except ImportError:  # a missing optional table only costs symbol coverage
            _UNICODEIT[""] = ""
        else:
            _UNICODEIT.update((k[1:], v) for k, v in REPLACEMENTS if k.startswith("\\") and k[1:].isalpha())
    value = _UNICODEIT.get(name)
    return value if value and value.isprintable() else None


def latex_to_unicode(latex: str) -> str:
    """One formula (the inside of `$...$`) as Unicode; cases span lines."""
    try:
        rows = _Parser(latex.strip()).rows(in_env=False)
        out = rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else _stack(rows, "")
    except Exception:  # e.g. RecursionError on absurd nesting: never break a lesson
        out = " ".join(str(latex).translate({92: " ", 123: " ", 125: " "}).split())
    if "\n" not in out:
        return out.strip()
    return "\n".join(line.rstrip() for line in out.split("\n")).strip("\n")


def find_formulas(text: str) -> list[str]:
    """The insides of the `$...$` / `$$...$$` formulas of `text`, in order."""
    matches = _re(_MATH_PATTERN).finditer(text)
    return [m["display"] or m["inline"] for m in matches if m[0] != "\\$"]


def render_math(text: str) -> str:
    """`text` with each formula rendered by `latex_to_unicode` and `\\$` as `$`."""
    out, pos = "", 0
    for m in _re(_MATH_PATTERN).finditer(text):
        out += text[pos:m.start()]
        pos = m.end()
        if m[0] == "\\$":
            out += "$"
            continue
        rendered = latex_to_unicode(m["display"] or m["inline"])
        # A stacked formula (cases) keeps its shape under the column it starts at.
        indent = " " * (len(out) - out.rfind("\n") - 1)
        out += rendered.replace("\n", "\n" + indent)
    return out + text[pos:]
