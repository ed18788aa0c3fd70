"""One `check` run tells every mistake of a project, each once, at its own file and line.

The fixture tests/sites/broken/every-mistake plants mistakes of every stage in different
files, English and Spanish: YAML, schema, references, dates, links written both ways,
images (missing and from another site), personal details, an ignored file, an event
with nothing to sign up on, other tools' template code, a national module. A file with
a wrong value keeps its place (the partner an event names), so nothing more is said.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

from tests.conftest import SITES, build_site, check_site
from tests.test_errors import make_broken, problem_lines
from tests.trees import differences, tree

# (file, line, words of its message): each must be told exactly once
PLANTED = [
    ("content/north/communities/quarry.md", 2, "opened on this line is never closed"),
    ("content/north/partners/harbor-tenants.md", 4, "unknown key 'websight'"),
    ("content/north/events/harbor-canvass.md", 8, "refers to community 'harbour'"),
    ("content/north/events/quarry-meetup.md", 8, "community 'quarry', whose file has errors"),
    ("content/north/events/late-shift.md", 5, "the event ends before it starts"),
    ("content/north/pages/get-involved.md", 4, "link to /communities/lakes/"),
    ("content/north/communities/harbor.md", 6, "link to ../rivers/"),
    ("content/north/training/map-reading.md", 8, "image /images/third-ward-turf.png"),
    ("content/north/index.es.md", 6, "image /images/mapa-norte.png"),
    ("content/north/pages/flyers.md", 6, "comes from another site"),
    ("content/north/pages/contact.md", 4, "'(715) 555-0187' in the text"),
    ("content/north/pages/about.es.md", 4, "'jordan.reyes@mail.example.net' in the text"),
    ("content/north/events/town-hall.markdown", None, "is not published"),
    ("content/north/events/online-training.md", 6, "rsvp"),
    ("content/north/pages/signup.md", 6, "{% include signup-form.html %}"),
    ("content/training/knock-safely.md", 6, "no such page in the south site"),
]


def _told(lines: list[str], path: str, line: int | None, words: str) -> list[str]:
    where = f"{path}:{line}: " if line else f"{path}: "
    return [told for told in lines if told.startswith(where) and words in told]


def test_one_check_tells_every_planted_mistake_once(tmp_path: Path) -> None:
    result = check_site(make_broken(tmp_path, "every-mistake"))
    assert result.exit_code == 1, result.output
    lines = problem_lines(result.stderr)
    for path, line, words in PLANTED:
        assert len(_told(lines, path, line, words)) == 1, (path, line, words, lines)
    assert len(lines) == len(set(lines)), "a problem was told twice"
    untold = [told for told in lines if not any(_told([told], *p) for p in PLANTED)]
    assert untold == []
    errors = sum(": error: " in told for told in lines)
    files = len({told.split(":")[0] for told in lines if ": error: " in told})
    assert result.stderr.rstrip().endswith(f"Check found {errors} errors in {files} files.")
    assert "Traceback" not in result.output


def test_a_build_with_every_mistake_leaves_the_published_site_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    assert build_site(root).exit_code == 0
    before = tree(root / "public")
    shutil.copytree(SITES / "broken/every-mistake/content", root / "content", dirs_exist_ok=True)
    result = build_site(root)
    assert result.exit_code == 1, result.output
    assert len(problem_lines(result.stderr)) >= len(PLANTED)
    assert differences(tree(root / "public"), before) == []


def _pages_kept(root: Path) -> int:
    with contextlib.closing(sqlite3.connect(root / ".hubgen-cache/cache.sqlite")) as db:
        return int(db.execute("SELECT count(*) FROM pages").fetchone()[0])


def test_a_check_with_errors_keeps_no_rendered_page_in_the_cache(tmp_path: Path) -> None:
    root = make_broken(tmp_path, "every-mistake")
    first = check_site(root)
    assert first.exit_code == 1 and _pages_kept(root) == 0
    again = check_site(root)
    assert problem_lines(again.stderr) == problem_lines(first.stderr)
    clean = tmp_path / "clean"
    shutil.copytree(SITES / "basic", clean)
    assert check_site(clean).exit_code == 0 and _pages_kept(clean) > 0
