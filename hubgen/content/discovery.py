"""Find content files: the folder gives the type, the file name the slug and language.

``events/madison-canvass.md`` is an event, ``madison.es.md`` the Spanish
translation of ``madison``. Files that are not regular files, names hubgen
cannot use and links leaving ``content/`` are problems at their path. Any other
file in a content folder (``town-hall.markdown``, ``flyer.docx``) is a warning:
it would not be published, and nothing else would say so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hubgen.content.config import Config
from hubgen.content.scalars import SLUG_RE
from hubgen.content.types import FOLDERS, REGISTRY
from hubgen.core.errors import Problem, relpath
from hubgen.core.symlinks import link_problem
from hubgen.core.textfile import special_kind

NATIONAL = ""  # the state key of national content
_RENAME_SPECIAL = "remove it, or rename it so its name does not end in .md"
_MOVE_SPECIAL = "remove it, or move it out of content/"
# other ways of naming a Markdown file: such a file is meant as a page
_MARKDOWN = {"md", "markdown", "mdown", "mdwn", "mkd", "mkdn", "mdtxt", "mdtext"}
_MOVE_UNREAD = "move it out of content/, or into an images/ folder if it is a picture"


@dataclass(frozen=True)
class SourceFile:
    file: str  # where the file is (a Path is made only when it is asked for)
    shown: str  # relative to the project, for messages
    state: str  # a state key, or NATIONAL
    type: str
    slug: str
    lang: str

    @property
    def path(self) -> Path:
        return Path(self.file)


def _ignored(name: str) -> bool:
    """Editor backups, swap files and hidden files are not content."""
    return name.startswith((".", "#", "_")) or name.endswith(("~", ".swp", ".tmp"))


def discover(config: Config) -> tuple[list[SourceFile], list[Problem]]:
    """Every content file of the states being built, and national content."""
    finder = _Finder(config)
    for folder in REGISTRY.national_folders:
        path = config.content / folder
        if finder.followable(path) and path.is_dir():
            finder.scan(path, NATIONAL, FOLDERS[folder], config.site.languages)
    for state in config.states:
        for entry in sorted(state.folder.iterdir()):
            if entry.name in ("_templates", "images") or _ignored(entry.name):
                continue
            if not finder.followable(entry):
                continue
            if entry.is_dir() and entry.name in FOLDERS:
                finder.scan(entry, state.key, FOLDERS[entry.name], state.languages)
            elif entry.is_file() and entry.name.split(".")[0] == "index" and entry.suffix == ".md":
                finder.add(str(entry), entry.name, state.key, "home", state.languages)
            elif not finder.special(str(entry), _MOVE_SPECIAL):
                finder.misplaced(entry)
    return finder.sources, finder.problems


class _Finder:
    """Collects source files and the problems with their names and places."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.sources: list[SourceFile] = []
        self.problems: list[Problem] = []

    def followable(self, path: Path, shown: str = "") -> bool:
        """False, with the problem, for a link that leads outside content/ or nowhere."""
        shown = shown or f"{relpath(path.parent, self.config.root)}/{path.name}"
        problem = link_problem(path, shown, self.config.content)
        if problem:
            self.problems.append(problem)
        return problem is None

    def misplaced(self, path: Path) -> None:
        folders = ", ".join(f"{name}/" for name in FOLDERS)
        hint = (
            f"a state folder holds _state.yaml, index.md, _templates/, images/ and the folders "
            f"{folders}"
        )
        shown = relpath(path, self.config.root)
        self.problems.append(
            Problem(shown, None, f"'{path.name}' is not in a content folder", hint)
        )

    def special(self, path: str, remedy: str, shown: str = "") -> bool:
        """True, with the problem, for a named pipe, a socket or a device (or a link to one).

        Such a file is never opened: reading a named pipe waits until some program writes to
        it, which may be never. ``os.stat`` tells what it is without opening it.
        """
        try:
            kind, purpose = special_kind(os.stat(path).st_mode)
        except OSError:
            return False  # gone since the folder was listed: nothing to read
        if not kind:
            return False
        shown = shown or relpath(Path(path), self.config.root)
        what = f"a link to a {kind}" if os.path.islink(path) else f"a {kind}"
        hint = (
            f"it is {what}, {purpose}, not a page: hubgen reads only regular text files; {remedy}"
        )
        self.problems.append(Problem(shown, None, f"unexpected {what.removeprefix('a ')}", hint))
        return True

    def scan(self, folder: Path, state: str, kind: str, languages: tuple[str, ...]) -> None:
        shown_folder = relpath(folder, self.config.root)
        with os.scandir(folder) as entries:
            found = sorted(entries, key=lambda e: e.name)
        for entry in found:
            shown = f"{shown_folder}/{entry.name}"
            if _ignored(entry.name):
                continue
            if entry.is_symlink() and not self.followable(Path(entry.path), shown):
                continue
            if entry.name.endswith(".md") and entry.is_file():
                self.add(entry.path, entry.name, state, kind, languages, shown)
            elif entry.is_dir():
                hint = f"put {kind} files directly in {folder.name}/"
                self.problems.append(Problem(shown, None, "unexpected folder", hint))
            elif entry.name.endswith(".md"):
                self.special(entry.path, _RENAME_SPECIAL, shown)
            elif entry.is_file():
                self.unread(entry.name, shown)

    def unread(self, name: str, shown: str) -> None:
        """A warning for a file the build passes over: it would vanish from the site."""
        stem, dot, suffix = name.rpartition(".")
        if dot and stem and suffix.lower() in _MARKDOWN:
            hint = f"rename it to {stem.lower()}.md"  # slugs and languages are lowercase
        else:
            hint = _MOVE_UNREAD
        message = f"'{name}' is not published: only .md files are read"
        self.problems.append(Problem(shown, None, message, hint, "warning"))

    def add(self, file: str, name: str, state: str, kind: str, languages: tuple[str, ...],
            shown: str = "") -> None:  # fmt: skip
        shown = shown or relpath(Path(file), self.config.root)
        parts = name[: -len(".md")].split(".")
        slug, lang = parts[0], parts[1] if len(parts) == 2 else languages[0]
        if len(parts) > 2 or not SLUG_RE.match(slug):
            hint = "name files with lowercase letters, digits and hyphens, like madison-east.md"
            self.problems.append(Problem(shown, None, f"'{name}' is not a valid file name", hint))
            return
        known = self.config.site.languages
        if lang not in known:
            hint = "a translation is named SLUG.LANG.md with a language from site.yaml: "
            self.problems.append(
                Problem(
                    shown, None, f"'{lang}' is not a language of the site", hint + ", ".join(known)
                )
            )
            return
        self.sources.append(SourceFile(file, shown, state, kind, slug, lang))
