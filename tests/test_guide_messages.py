"""Every message the editors' guide quotes as hubgen's output is one hubgen prints today.

The guide (docs/guide/) shows each common mistake as the lines written wrong (a yaml or
markdown block) and hubgen's output after them. Each such mistake is made here for real:
the guide's complete example files make a project, the wrong lines take the place of the
same settings in the file the output names (or, for text, are added to its text), and
``hubgen check`` must print every quoted message about that file. A message the guide
quotes elsewhere (its tables, the output of a mistake shown without its lines) must be one
that some real run printed: a mistake above, a project of tests/sites/broken/, one of the
small projects of :data:`MORE`, or what hubgen says outside a check (:func:`elsewhere`).
"""

from __future__ import annotations

import errno
import fcntl
import io
import os
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from hubgen.build.options import BuildOptions
from hubgen.build.pipeline import build
from hubgen.core.cache import DATABASE
from hubgen.core.errors import BuildFailed, Problem, machine_words
from tests.conftest import NOW_DT, run, state_files, write_files
from tests.guidetext import GUIDE, Mistake, examples, mistakes, quotes
from tests.test_errors import CASES, make_broken

Files = dict[str, str | bytes | None]
# a module the guide's examples name but do not show in full
DOOR_KNOCKING = "---\ntitle: Door knocking basics\norder: 1\nduration: 45\n---\nKnock, smile.\n"


def _blocks(lines: list[str]) -> list[list[str]]:
    """Top-level YAML settings, each with the lines under it."""
    found: list[list[str]] = []
    for line in lines:
        if not found or (line[:1].strip() and not line.startswith(("- ", "#"))):
            found.append([line])
        else:
            found[-1].append(line)
    return found


def with_mistake(base: str, lang: str, snippet: str, line: int) -> str | None:
    """``base`` with the settings of ``snippet`` in place of its own (a nested line replaces
    the line of the same key and indent, or else the ``line`` the guide's output names), or
    its text added at the end; None if a nested line has nowhere to go."""
    if snippet.startswith("---\n"):
        return snippet
    if lang == "markdown":
        return base.rstrip("\n") + "\n\n" + snippet
    settings, text = base, None
    if base.startswith("---\n"):
        end = base.index("\n---\n", 3)
        settings, text = base[4 : end + 1], base[end + 5 :]
    lines, wrong = settings.splitlines(), snippet.splitlines()
    if wrong[0][:1].isspace():
        key = wrong[0].split(":")[0] + ":"
        at = next((i for i, written in enumerate(lines) if written.startswith(key)), None)
        if at is None and text is not None and 1 < line <= len(lines) + 1:
            at = line - 2  # the line in the file, after the first '---'
        if at is None or not lines[at].startswith(key[: len(key) - len(key.lstrip())]):
            return None
        depth, stop = len(key) - len(key.lstrip()), at + 1
        while stop < len(lines) and len(lines[stop]) - len(lines[stop].lstrip()) > depth:
            stop += 1
        lines[at:stop] = wrong
    else:
        have = _blocks(lines)
        for new in _blocks(wrong):
            key = new[0].split(":")[0] + ":"
            at = next((i for i, block in enumerate(have) if block[0].startswith(key)), None)
            have[len(have) if at is None else at : None if at is None else at + 1] = [new]
        lines = [line for block in have for line in block]
    settings = "\n".join(lines) + "\n"
    return settings if text is None else f"---\n{settings}---\n{text}"


def photo(noisy: bool = False) -> bytes:
    """A JPEG photo 960 px wide: small, or (``noisy``) well over 100 KB."""
    from PIL import Image

    data = io.BytesIO()
    picture = Image.new("RGB", (960, 640), (200, 120, 40))
    if noisy:
        picture = Image.frombytes("RGB", (960, 640), random.Random(7).randbytes(960 * 640 * 3))
    picture.save(data, "JPEG", quality=90)
    return data.getvalue()


def check(root: Path, files: Files, photos: tuple[str, ...] = ()) -> list[Problem]:
    """What ``hubgen check`` finds in a project of ``files`` and ``photos`` (or, with
    neither, in the project at ``root`` as it is)."""
    if files:
        shutil.rmtree(root, ignore_errors=True)
        write_files(root, {k: v for k, v in files.items() if not isinstance(v, bytes)})
    for name, data in files.items():
        if isinstance(data, bytes):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
    for name in photos:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(photo())
    try:
        options = BuildOptions(root=root, out=None, now=NOW_DT, cache=False, jobs=1)
        return list(build(options).warnings)
    except BuildFailed as failed:
        return failed.problems


PHOTOS = ("content/wisconsin/images/madison-office-volunteers.jpg",)


def guide_project() -> Files:
    return {**examples(), "content/training/door-knocking-basics.md": DOOR_KNOCKING}


# Small projects for messages the guide quotes without the lines that cause them: each is
# the guide's project with these files added or changed (text, or bytes as they are), or
# taken away (None). Mistakes found by reading files come together; those found later need
# a project whose files all read well.
W = "content/wisconsin"
EVENT = '---\ntitle: T\nkind: canvass\nstart: 2027-02-13 10:00\nend: "13:00"\nplace:\n'


def edited(path: str, *changes: tuple[str, str]) -> str:
    """The guide's example file at ``path``, each of its texts ``old`` made ``new``."""
    text = examples()[path]
    for old, new in changes:
        assert old in text, (path, old)
        text = text.replace(old, new)
    return text


# the example event's place, as the guide's mistake about a home without rsvp writes it
HOME_FROM = ("  type: office\n  office: madison-office\n"
             "  room: Meet in the front room to pick up walk lists\n")  # fmt: skip
HOME_TO = ('  type: home\n  neighborhood: Eken Park, near the community garden\n'
           '  city: Madison\n  zip: "53704"\n')  # fmt: skip

MORE: dict[str, dict[str, str | bytes | None]] = {
    "reading": {
        f"{W}/pages/plain.md": "Just text.\n",
        f"{W}/pages/unclosed.md": "---\ntitle: Unclosed\n\nText.\n",
        f"{W}/pages/twice.md": "---\ntitle: A\ndescription: B\ntitle: C\n---\n",
        f"{W}/pages/anchors.md": "---\ntitle: &t A\ndescription: *t\n---\n",
        f"{W}/pages/latin.md": b"---\ntitle: Caf\xe9\n---\n",
        f"{W}/pages/utf16.md": "---\ntitle: A\n---\n".encode("utf-16"),
        f"{W}/pages/nul.md": b"---\ntitl\x00e: A\n---\n",
        f"{W}/pages/big.md": "---\ntitle: Big\n---\n" + "x" * 1258291,
        f"{W}/pages/long.md": "---\ntitle: Long\nextra: " + "x" * 66560 + "\n---\n",
        f"{W}/pages/deep.md": "---\ntitle: Deep\nextra: " + "[" * 25 + "]" * 25 + "\n---\n",
        f"{W}/Index.md": "---\ntitle: Home\n---\n",
        f"{W}/pages/volunteer.es.md": "---\ntitle: Voluntarios\nmenu: 2\n---\nHola.\n",
        f"{W}/communities/no-counties.md": "---\ntitle: No counties\n---\n",
        f"{W}/communities/cook.md": "---\ntitle: Cook\ncounties: [Dane, Cook]\n---\n",
        f"{W}/events/no-type.md": EVENT + "  name: Library\n---\n",
        f"{W}/events/offce.md": EVENT + "  type: offce\n---\n",
        f"{W}/events/no-zip.md": EVENT + "  type: address\n  name: Library\n  street: 201 W Mifflin"
        " St\n  city: Madison\n---\n",
        f"{W}/events/home.md": EVENT + "  type: private home\n  neighborhood: 1418 Pennsylvania"
        ' Avenue\n  city: Madison\n  zip: "53704"\n---\n',
        f"{W}/partners/no-organization.md": "---\ntitle: Renters\n---\n",
        "content/training/no-order.md": "---\ntitle: No order\nduration: 30\n---\n",
        "content/training/order-zero.md": "---\ntitle: Zero\norder: 0\nduration: 30\n---\n",
        f"{W}/pages/volunteer.fr.md": "---\ntitle: Bénévoles\n---\n",
    },
    "the state's settings": {
        f"{W}/_state.yaml": edited(
            f"{W}/_state.yaml",
            ("base_url: https://wi.example.org/\n", "tag_line: Hi\n"),
            ("wisconsin@example.org", "jordan.lee@mail.example.net"),
        ),
    },
    "the program's settings": {
        "content/site.yaml": edited(
            "content/site.yaml",
            ("disclaimer:", "# disclaimer:"),
            (
                "theme: default",
                "iframe_hosts: [https://www.youtube-nocookie.com/]"
                "\nimage_hosts: [https://images.example.org/]",
            ),
        ),
    },
    "another state's code": {f"{W}/_state.yaml": edited(f"{W}/_state.yaml", ("WI", "MN"))},
    "a theme": {"content/site.yaml": edited("content/site.yaml", ("default", "prairie"))},
    "references": {
        f"{W}/communities/madison-east.md": edited(
            f"{W}/communities/madison-east.md", ("status: active", "draft: true")
        ),
        f"{W}/events/office-madison.md": EVENT + "  type: office\n  office: madison\n---\n",
        f"{W}/pages/join-us.md": "---\ntitle: Join us\naliases: [/join/]\n---\nJoin.\n",
    },
    "links": {
        "content/site.yaml": edited(
            "content/site.yaml", ("theme:", "iframe_hosts: [www.youtube-nocookie.com]\ntheme:")
        ),
        **state_files("minnesota", "Minnesota", "MN", "mn"),
        "content/training/listening-sessions.md": edited("content/training/listening-sessions.md")
        + "\nAsk the [Madison East team](/communities/madison-east/).\n",
        f"{W}/events/madison-east-october-phone-bank.md": EVENT.replace("2027-02-13", "2026-10-08")
        + "  type: online\n---\n",
        f"{W}/pages/over.md": "---\ntitle: Over\n---\n"
        "[Calls](/events/madison-east-october-phone-bank/)\n",
        f"{W}/pages/volunteer.md": "---\ntitle: Volunteer\n---\nSee [our teams](communities/) "
        "and [the questions](#questions-and-answers).\n\n![Volunteers](img/volunteers.jpg)\n",
        f"{W}/pages/video.md": '---\ntitle: Video\n---\n<iframe src="https://maps.example.net/a" '
        'title="Map"></iframe>\n\n<iframe src="https://www.youtube-nocookie.com/embed/a">'
        "</iframe>\n",
    },
    "an event at a home without rsvp": {
        f"{W}/events/madison-east-saturday-canvass.md": edited(
            f"{W}/events/madison-east-saturday-canvass.md",
            ("rsvp: https://mobilize.example.org/neighbors-together/event/2041/\n", ""),
        ).replace(HOME_FROM, HOME_TO),
    },
    "pasted": {
        f"{W}/pages/pasted.md": "---\ntitle: Pasted\n---\n{% include toc.html %}\n\n{:toc}\n\n"
        "Hello from {{ site.title }}.\n\n{{< youtube abc123 >}}\n\n```{note}\nNote.\n```\n\n"
        "![Listening]({{ site.baseurl }}/img/listening.jpg)\n\n"
        "[Calls]({{ site.baseurl }}/training/phone-banking/)\n",
        "content/site.yaml": edited("content/site.yaml", ("budget_kb: 250", "budget_kb: 100")),
        f"{W}/images/photo.gif": b"GIF89a",
        f"{W}/images/rally-crowd.jpg": photo(noisy=True),
        f"{W}/events/home.md": EVENT + "  type: home\n  neighborhood: 1418 Pennsylvania Avenue\n"
        '  city: Madison\n  zip: "53704"\n---\n',
    },
    "a state without its settings": {f"{W}/_state.yaml": None},
    "English only": {"content/site.yaml": edited("content/site.yaml", ("[en, es]", "[en]"))},
    "a state without its home page": {f"{W}/index.md": None},
}


def elsewhere(root: Path) -> set[str]:
    r"""What hubgen says outside a check of content: about the machine, the build cache, the
    output folder, the project folder, and \`hubgen new\`."""
    said = {machine_words(OSError(number, "x"))[0]
            for number in (errno.ENOSPC, errno.EROFS, errno.EACCES)}  # fmt: skip
    check(root, guide_project(), PHOTOS)
    links = root / "content/wisconsin/pages"
    (links / "outside.md").symlink_to(root.parent / "elsewhere.md")
    (root.parent / "elsewhere.md").write_text("---\ntitle: Elsewhere\n---\n")
    (links / "nowhere.md").symlink_to(links / "missing.md")
    said |= {m for _, m in _said(check(root, {}))}
    for name in ("outside.md", "nowhere.md"):
        (links / name).unlink()
    options = BuildOptions(root=root, out=root / "public", now=NOW_DT, jobs=1, search=False)
    cache = root / ".hubgen-cache"
    cache.mkdir()
    (cache / DATABASE).write_bytes(b"this is not a database" * 100)
    said |= {p.message for p in check_output(options)}
    shutil.rmtree(cache)
    cache.write_text("a file where the cache's folder goes")
    said |= {p.message for p in check_output(options)}
    with open(root / ".public.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.environ["HUBGEN_LOCK_WAIT"] = "0"
        try:
            said |= {p.message for p in check_output(options)}
        finally:
            del os.environ["HUBGEN_LOCK_WAIT"]
    said |= {p.message for p in check_output(replace(options, state="wisconson"))}
    said |= {p.message for p in check_output(replace(options, root=root / "content"))}
    for slug in ("madison-west", "madison-east"):  # without a terminal; a file already there
        output = run("new", "community", f"wisconsin/{slug}", "--root", root).output
        said |= {line.removeprefix("Error: ") for line in output.splitlines()}
    return said


def check_output(options: BuildOptions) -> list[Problem]:
    """What a build says: its problems, or its warnings and the build cache's notices."""
    try:
        result = build(options)
    except BuildFailed as failed:
        return failed.problems
    return [*result.warnings, *result.notices]


def _said(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.path, p.message) for p in problems}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[Mistake, set[tuple[str, str]]]:
    """Each mistake of the guide, made in the guide's project: what check says."""
    root = tmp_path_factory.mktemp("guide") / "project"
    base = guide_project()
    found = {}
    for mistake in mistakes():
        file = mistake.quotes[0].file
        line = mistake.quotes[0].line_in_file
        text = with_mistake(base.get(file, ""), mistake.lang, mistake.snippet, line)
        found[mistake] = _said(check(root, {**base, file: text}, PHOTOS)) if text else set()
    return found


@pytest.fixture(scope="module")
def more(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[str, str]]]:
    """What check says about each project of MORE."""
    root = tmp_path_factory.mktemp("more") / "project"
    return {name: _said(check(root, {**guide_project(), **files}, PHOTOS))
            for name, files in MORE.items()}  # fmt: skip


@pytest.fixture(scope="module")
def printed(made, more, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every message the real runs printed: the mistakes, MORE, tests/sites/broken/, and
    what hubgen says outside a check."""
    root = tmp_path_factory.mktemp("broken") / "project"
    said = {m for found in [*made.values(), *more.values()] for _, m in found}
    said |= elsewhere(tmp_path_factory.mktemp("elsewhere") / "project")
    for case in CASES:
        said |= {m for _, m in _said(check(make_broken(root.parent, case), {}))}
    return said


def test_the_guide_project_has_no_mistakes(tmp_path: Path) -> None:
    assert check(tmp_path / "project", guide_project(), PHOTOS) == []


# Output the guide shows after lines that are not all it takes (the right way to write a
# setting, before the wrong one; a file of another state, or a theme): the project of MORE
# that makes it.
MADE_IN_MORE = {
    "the event is at a private home but has no 'rsvp:', so no one can get the street address":
        "an event at a home without rsvp",
    "'image_hosts[1]': 'https://images.example.org/' is not a host name": "the program's settings",
    "theme 'prairie' not found": "a theme",
    "link to /communities/madison-east/: no such page in the minnesota site": "links",
}


def test_each_mistake_the_guide_shows_prints_what_it_quotes(made, more) -> None:
    missing = [f"{quote}\n    printed: {sorted(m for _, m in found)}"
               for mistake, found in made.items() for quote in mistake.quotes
               if (quote.file, quote.message) not in found | more.get(
                   MADE_IN_MORE.get(quote.message, ""), set())]  # fmt: skip
    assert not missing, "\n".join(missing)


# The size of a photo depends on how it is compressed: the guide's example is matched with
# its numbers left out.
ANY_NUMBERS = ("the image is 216 KB at 960 px wide, over the 100 KB budget",)


def said_as(quoted: str, printed: set[str]) -> bool:
    """Whether hubgen printed the message the guide quotes: as it is, or with its details
    left out where the guide writes (...) or stops before '; ' or ' ('."""
    if quoted in printed:
        return True
    pattern = re.escape(quoted).replace(r"\(\.\.\.\)", r"\(.+\)")
    if quoted in ANY_NUMBERS:
        pattern = re.sub(r"\d+", r"\\d+", pattern)
    shortened = rf"{pattern}(?:(?:; | \().+)?"
    return any(re.fullmatch(shortened, message) for message in printed)


def test_every_message_the_guide_quotes_is_printed(printed: set[str]) -> None:
    missing = [str(q) for q in quotes() if not said_as(q.message, printed)]
    assert not missing, "\n".join(missing)


def test_the_internal_error_the_guide_shows_is_what_hubgen_prints(monkeypatch, capsys) -> None:
    """A bug in hubgen itself (here, one planted in the command line) prints the two lines
    the guide shows, with the bug's own words where the guide writes '...'."""
    from hubgen.cli import commands

    def buggy(**_: object) -> None:
        raise TypeError("planted for this test")

    monkeypatch.delenv("HUBGEN_DEBUG", raising=False)
    monkeypatch.setattr(commands, "main", buggy)
    with pytest.raises(SystemExit):
        commands.run()
    printed = capsys.readouterr().err.splitlines()
    text = (GUIDE / "README.md").read_text(encoding="utf-8")
    shown = text[text.index("## When hubgen prints") :].split("```\n")[1].splitlines()
    assert len(shown) == len(printed) == 2
    for quoted, line in zip(shown, printed, strict=True):
        assert re.fullmatch(re.escape(quoted).replace(r"\.\.\.", ".+"), line), (quoted, line)


def test_a_message_no_code_prints_is_caught(printed: set[str]) -> None:
    """A quote that was right once and is worded otherwise now, or one never printed."""
    assert said_as("the event ends before it starts", printed)
    assert not said_as("the event ends before it begins", printed)
    assert not said_as("the event ends before it starts; twice", printed)
