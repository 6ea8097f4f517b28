"""The README's install section: both paths, the CPU one first as PyTorch's guide gives it, with their sizes."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_section() -> str:
    m = re.search(r"^## Set up\n(.*?)^## ", README, re.S | re.M)
    assert m, "no Set up section"
    return m[1]


def test_cpu_path_installs_torch_from_pytorchs_cpu_index_with_the_venvs_pip_before_dltutor():
    text = setup_section()
    commands = re.findall(r"```sh\n(.*?)```", text, re.S)
    cpu = next(block for block in commands if "download.pytorch.org/whl/cpu" in block)
    lines = cpu.strip().splitlines()
    torch_at = next(i for i, line in enumerate(lines)
                    if line.startswith(".venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu"))
    dltutor_at = next(i for i, line in enumerate(lines) if line.startswith(".venv/bin/pip install ."))
    assert torch_at < dltutor_at
    assert any(".venv/bin/pip install . " in block and "index-url" not in block for block in commands)  # default


def test_both_paths_are_stated_with_their_sizes():
    rows = {cells[0]: cells for line in setup_section().splitlines()
            if line.startswith("| ") and (cells := [c.strip() for c in line.strip("|").split("|")])}
    assert {"CPU only", "default"} <= set(rows)
    sizes = {path: float(re.fullmatch(r"([\d.]+) GB", rows[path][3])[1]) for path in ("CPU only", "default")}
    assert sizes["CPU only"] < sizes["default"]
    assert "+cpu" in rows["CPU only"][1] and "+cu" in rows["default"][1]


def test_pyproject_says_nothing_false_about_how_ci_installs_torch():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    claims = bool(re.search(r"#.*\bCI\b.*CPU", pyproject))  # the old comment: "CI and the README install ... CPU"
    ci_installs_cpu = "download.pytorch.org/whl/cpu" in ci or "torch==" in ci
    assert not claims or ci_installs_cpu
