"""iocc installed as a wheel, with no checkout on the path: its schemas and default settings are the
repository's files, and the pre-commit hooks it publishes work in another repository.

The wheel is built from this checkout and installed without dependencies into a fresh virtual environment;
the libraries come from the project's own environment through a path file (its editable install of
`compiler` is a .pth of its own and is not read from there). The hooks of .pre-commit-hooks.yaml are run as
pre-commit runs them: the entry, in the other repository, on the files their pattern selects.
"""

from __future__ import annotations

import filecmp
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.corpus_fixtures import REPO, VALID

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def _run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("installed")
    source = base / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "dist", "node_modules", "*.egg-info", "build", ".*cache"
        ),
        symlinks=True,
    )
    wheels = base / "wheels"
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source)
    assert built.returncode == 0, built.stderr
    env_dir = base / "venv"
    assert _run(sys.executable, "-m", "venv", env_dir).returncode == 0
    python = env_dir / "bin" / "python"
    [wheel] = wheels.glob("iocc-*.whl")
    installed = _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)
    assert installed.returncode == 0, installed.stderr
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    (Path(site) / "iocc-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    yield env_dir


def _env(venv: Path) -> dict[str, str]:
    return {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(venv),
        "NO_COLOR": "1",
    }


def test_the_package_does_not_come_from_the_checkout(venv: Path, tmp_path: Path) -> None:
    where = _run(venv / "bin" / "python", "-c", "import compiler; print(compiler.__file__)", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert str(venv) in where.stdout and str(REPO) not in where.stdout


def test_installed_schemas_and_defaults_are_the_repositorys(venv: Path, tmp_path: Path) -> None:
    code = (
        "from compiler import package_path; print(package_path('schemas')); print(package_path('defaults'))"
    )
    found = _run(venv / "bin" / "python", "-c", code, cwd=tmp_path)
    schemas, defaults = (Path(line) for line in found.stdout.split())
    for installed, repo in ((schemas, REPO / "schemas"), (defaults, REPO / "config")):
        assert not installed.is_symlink() and str(venv) in str(installed)
        mine = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
        theirs = sorted(p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file())
        assert theirs == mine
        assert all(filecmp.cmp(repo / rel, installed / rel, shallow=False) for rel in mine)


def test_installed_catalogs_are_the_repositorys(venv: Path, tmp_path: Path) -> None:
    """The interface strings ship as gettext catalogs (.po, read with Babel), and the installed package
    reads them: a German word from the catalog comes out of the installed iocc."""
    code = (
        "from compiler import package_path; from compiler.i18n import ui; "
        "print(package_path('locale')); print(ui('de')['subject'])"
    )
    found = _run(venv / "bin" / "python", "-c", code, cwd=tmp_path)
    assert found.returncode == 0, found.stderr
    installed, word = found.stdout.split()
    repo = REPO / "compiler" / "locale"
    mine = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.po"))
    theirs = sorted(p.relative_to(installed).as_posix() for p in Path(installed).rglob("*.po"))
    assert mine and theirs == mine
    assert word == "Betreff"


def _other_repo(tmp_path: Path) -> Path:
    """A repository of someone using iocc: their corpus, no schemas/, no config/, no iocc source."""
    root = tmp_path / "their-repo"
    shutil.copytree(VALID, root)
    for leftover in ("schemas", "config"):
        shutil.rmtree(root / leftover, ignore_errors=True)
    assert _run("git", "init", "-q", cwd=root).returncode == 0
    return root


def _hook(hook_id: str, root: Path, venv: Path) -> subprocess.CompletedProcess[str]:
    hook = next(h for h in HOOKS if h["id"] == hook_id)
    files = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts and re.search(hook["files"], p.relative_to(root).as_posix())
    )
    args = [*shlex.split(hook["entry"]), *(files if hook.get("pass_filenames", True) else [])]
    return _run(*args, cwd=root, env=_env(venv))


def test_the_published_hooks_pass_a_valid_corpus_and_refuse_a_broken_file(venv: Path, tmp_path: Path) -> None:
    root = _other_repo(tmp_path)
    for hook in ("iocc-fmt", "iocc-check"):
        result = _hook(hook, root, venv)
        assert result.returncode == 0, (hook, result.stdout, result.stderr)
    broken = root / "indicators" / "test-advisory-2024" / "broken.yaml"
    broken.write_text(
        "# yaml-language-server: $schema=../../schemas/indicator-set.schema.json\nid: broken\nschema_version: 1\n",
        encoding="utf-8",
    )
    result = _hook("iocc-check", root, venv)
    assert result.returncode == 1
    assert "indicators/test-advisory-2024/broken.yaml:" in result.stderr and "error[IOC101]" in result.stderr
    assert "IOC900" not in result.stderr and "Traceback" not in result.stderr
