"""The docs stay true: every Python block of README.md and docs/ runs as part of this suite,
every YAML block is a seed file a test loads, the README's list of operations matches the
registry, and every Lambda trigger source an operation fires is named in the docs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.MULTILINE | re.DOTALL)
#: A Lambda trigger source as the operations name it, e.g. "PreSignUp_AdminCreateUser".
TRIGGER_SOURCE = re.compile(
    r'"((?:PreSignUp|CustomMessage|PostConfirmation|PreAuthentication|PostAuthentication|'
    r'PreTokenGeneration|UserMigration|DefineAuthChallenge|CreateAuthChallenge|'
    r'VerifyAuthChallengeResponse|TokenGeneration)_\w+)"')


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


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_yaml_block_is_a_seed_file_that_runs(page: Path) -> None:
    seeds = {p.read_text(encoding="utf-8").strip()
             for p in (ROOT / "examples" / "seeds").glob("*.yaml")}
    blocks = YAML_BLOCK.findall(page.read_text(encoding="utf-8"))
    assert [b for b in blocks if b.strip() not in seeds] == []


def test_every_feature_page_has_a_runnable_example() -> None:
    without = [p.name for p in PAGES if not BLOCK.search(p.read_text(encoding="utf-8"))]
    assert without == []


def test_every_trigger_source_fired_is_documented() -> None:
    # The table in outbox-clock-faults.md, or the page of the operations that fire it.
    page = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    sources = set()
    for module in (ROOT / "pytest_cognito_fake" / "operations").glob("[!_]*.py"):
        sources |= set(TRIGGER_SOURCE.findall(module.read_text(encoding="utf-8")))
    assert sources, "no trigger source found: has the code moved?"
    assert sorted(s for s in sources if f"`{s}`" not in page) == []


def test_the_readme_lists_the_implemented_operations() -> None:
    spec = importlib.util.spec_from_file_location("_gen_operations",
                                                  ROOT / "docs" / "_gen_operations.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert gen.update(readme) == readme, "run: python docs/_gen_operations.py"
