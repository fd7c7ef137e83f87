"""The docs stay true: every Python block of README.md and docs/ runs as part of this suite, and
the README's list of operations matches the registry."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _examples_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8")
                     for p in sorted((ROOT / "examples").rglob("*.py")))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_python_block_is_an_example_that_runs(page: Path) -> None:
    examples = _examples_text()
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    missing = [b for b in blocks if b.strip() not in examples]
    assert not missing, (
        f"{page.name}: these blocks are not in any examples/*.py file, so nothing runs them:\n"
        + "\n---\n".join(missing))


def test_every_feature_page_has_a_runnable_example() -> None:
    without = [p.name for p in PAGES if not BLOCK.search(p.read_text(encoding="utf-8"))]
    assert without == []


def test_the_readme_lists_the_implemented_operations() -> None:
    spec = importlib.util.spec_from_file_location("_gen_operations",
                                                  ROOT / "docs" / "_gen_operations.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert gen.update(readme) == readme, "run: python docs/_gen_operations.py"
