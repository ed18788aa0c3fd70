"""Program-wide settings (content/site.yaml) and each state's (content/<state>/_state.yaml).

Both files are read with the same schema validator as content, so a misspelt
setting is an error with its line and a did-you-mean hint. The folder name of
a state is its key: ``content/wisconsin/`` builds ``public/wisconsin/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml

from hubgen.content.fields import Context, Field, Schema
from hubgen.content.frontmatter import YamlDoc, read_yaml
from hubgen.content.scalars import SLUG_RE
from hubgen.content.schema import Result, validate
from hubgen.content.types import REGISTRY
from hubgen.content.values import CONTACT, Contact
from hubgen.core.errors import Problem, did_you_mean, relpath
from hubgen.core.symlinks import link_problem
from hubgen.core.textfile import decode, unreadable
from hubgen.geo import counties

TRAINING_PATH = Schema(
    "training path",
    (
        Field(
            "key", "slug", "a short name used in modules' paths:, like new-volunteer", required=True
        ),
        Field("title", "text", "its title, like 'New volunteer'", required=True),
        Field("description", "text", "who it is for"),
    ),
)

PATH_TEXT = Schema(
    "training path",
    (
        Field("key", "slug", "the key of a path of training_paths", required=True),
        Field("title", "text", "its title in this language"),
        Field("description", "text", "who it is for, in this language"),
    ),
)
# The sentences of the settings that another language of the site can give: under
# ``translations: {es: {...}}``, with the same keys as the settings themselves.
STATE_TEXT = (
    Field("tagline", "text", "the tagline in this language"),
    Field("disclaimer", "text", "the legal line in this language"),
    Field("contact", "record", "the contact's role in this language, like role: Equipo",
          schema=Schema("contact", (Field("role", "text", "who answers, in this language"),))),
)  # fmt: skip
SITE_TEXT = STATE_TEXT + (
    Field("training_paths", "list", "the paths' titles and descriptions in this language",
          item=Field("path", "record", schema=PATH_TEXT)),
)  # fmt: skip
TRANSLATIONS_HELP = (
    "the tagline, disclaimer and other sentences in the site's other languages, "
    "like es: {tagline: ...}"
)

SITE = Schema("site.yaml", (
    Field("name", "text", "the program's name", required=True),
    Field("tagline", "text", "one line under the name"),
    Field("languages", "list", "site languages, the first is the default", default=("en",),
          item=Field("language", "language")),
    Field("theme", "slug", "the theme every state uses unless it names another", default="default"),
    Field("disclaimer", "text", "the legal line on every page, like 'Paid for by ...'",
          required=True),
    Field("role_email_domains", "list", "domains of role addresses that may be published",
          required=True, item=Field("domain", "text")),
    Field("base_url", "url", "where the national landing page is published"),
    Field("contact", "record", "the program's role contact", schema=CONTACT,
          make=lambda v: Contact(**v)),
    Field("finder_radius_miles", "int", "how far a community may be to count as near", default=40,
          minimum=1, maximum=500),
    Field("privacy_allow", "list", "phone numbers and addresses text may show (public ones)",
          item=Field("entry", "text")),
    Field("image_budget_kb", "int", "the most an image may weigh at 960 px wide", default=250,
          minimum=10, maximum=5000),
    Field("training_paths", "list", "learning paths for the training library",
          item=Field("path", "record", schema=TRAINING_PATH, make=lambda v: TrainingPath(**v))),
    Field("search", "bool", "an offline search page in every state's site", default=True),
    Field("form_hosts", "list", "hosts that forms on the pages may send to, like "
          "forms.example.org (the security policy refuses any other)",
          item=Field("host", "host")),
    Field("iframe_hosts", "list", "hosts whose pages a body may embed in a frame (<iframe>), "
          "like www.youtube-nocookie.com; none by default", item=Field("host", "host")),
    Field("image_hosts", "list", "hosts the pages may show images from, like "
          "images.example.org; none by default (pictures go in an images/ folder)",
          item=Field("host", "host")),
    Field("translations", "record", TRANSLATIONS_HELP, schema=Schema("translations", ())),
))  # fmt: skip

STATE = Schema("_state.yaml", (
    Field("name", "text", "the state's name, like Wisconsin", required=True),
    Field("code", "text", "the two-letter postal code, like WI", required=True),
    Field("timezone", "timezone", "the IANA time zone, like America/Chicago", required=True),
    Field("base_url", "url", "where this state's site is published", required=True),
    Field("tagline", "text", "one line under the state's name"),
    Field("theme", "slug", "a theme from themes/, if not the site's"),
    Field("languages", "list", "languages of this state's site",
          item=Field("language", "language")),
    Field("contact", "record", "the state team's role contact", schema=CONTACT,
          make=lambda v: Contact(**v)),
    Field("disclaimer", "text", "the legal line, if not the site's"),
    Field("finder_radius_miles", "int", "if not the site's", minimum=1, maximum=500),
    Field("translations", "record", TRANSLATIONS_HELP, schema=Schema("translations", ())),
))  # fmt: skip


@dataclass(frozen=True)
class TrainingPath:
    key: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Texts:
    """The settings' sentences in one of the site's other languages ('' where not given)."""

    tagline: str = ""
    disclaimer: str = ""
    contact_role: str = ""
    training_paths: tuple[TrainingPath, ...] = ()

    def get(self, name: str) -> str:
        """'tagline', 'disclaimer', 'contact.role', 'path.<key>.title'."""
        if name.startswith("path."):
            _, key, part = name.split(".")
            found = next((p for p in self.training_paths if p.key == key), None)
            return str(getattr(found, part)) if found else ""
        return str(getattr(self, name.replace(".", "_")))


def _texts(values: dict[str, Any]) -> Texts:
    paths = tuple(TrainingPath(**{"title": "", **p}) for p in values.get("training_paths", ()))
    role = (values.get("contact") or {}).get("role", "")
    return Texts(values.get("tagline", ""), values.get("disclaimer", ""), role, paths)


def texts_in(translations: tuple[tuple[str, Texts], ...], lang: str, name: str) -> str:
    """A setting's sentence in ``lang`` from ``translations`` ('' if it has none)."""
    return next((texts.get(name) for code, texts in translations if code == lang), "")


@dataclass(frozen=True)
class SiteConfig:
    name: str
    disclaimer: str
    role_email_domains: tuple[str, ...]
    tagline: str = ""
    languages: tuple[str, ...] = ("en",)
    theme: str = "default"
    base_url: str = ""
    contact: Contact = field(default_factory=Contact)
    finder_radius_miles: int = 40
    image_budget_kb: int = 250
    privacy_allow: tuple[str, ...] = ()
    training_paths: tuple[TrainingPath, ...] = ()
    search: bool = True
    form_hosts: tuple[str, ...] = ()
    iframe_hosts: tuple[str, ...] = ()
    image_hosts: tuple[str, ...] = ()  # the security policy's img-src allows them (https)
    translations: tuple[tuple[str, Texts], ...] = ()  # (language, its sentences)


@dataclass(frozen=True)
class StateConfig:
    key: str
    folder: Path
    name: str
    code: str
    timezone: str
    base_url: str
    theme: str
    languages: tuple[str, ...]
    disclaimer: str
    finder_radius_miles: int
    tagline: str = ""
    contact: Contact = field(default_factory=Contact)
    translations: tuple[tuple[str, Texts], ...] = ()  # (language, its sentences)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The URL path every internal link starts with: '/' or '/wi/'."""
        return url_path(self.base_url)


def url_path(url: str) -> str:
    """The path of a site's address, ending in '/': 'https://example.org/wi' -> '/wi/'."""
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class Config:
    root: Path
    content: Path
    site: SiteConfig
    states: tuple[StateConfig, ...]

    def context(self, state: StateConfig | None) -> Context:
        return Context(state.code if state else "", self.site.role_email_domains)


def _read(
    path: Path, root: Path, schema: Schema, context: Context, languages: Sequence[str] = ()
) -> Result:
    """A settings file read with ``schema``; ``translations:`` takes the languages its
    ``languages:`` names, else ``languages``' (the site's, for a state) but the first."""
    shown = f"{relpath(path.parent, root)}/{path.name}"
    outside = link_problem(path, shown, root / "content")
    if outside:
        return Result({}, {}, [outside])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Result({}, {}, [unreadable(exc, shown)])
    text, problems = decode(raw, shown)
    if text is None:
        return Result({}, {}, problems)
    doc, problems = read_yaml(text, shown)
    if problems:
        return Result({}, {}, problems)
    if schema is STATE:  # read in its own state: Arizona's 'MST' is Phoenix's time
        context = replace(context, state_code=str(_written(doc, "code")).upper())
    written = _written(doc, "languages")
    languages = written if isinstance(written, list) and written else languages
    result = validate(doc, _with_languages(schema, languages[1:]), context)
    if isinstance(result.values.get("translations"), dict):
        result.values["translations"] = tuple(sorted(result.values["translations"].items()))
    return result


def _with_languages(schema: Schema, others: Sequence[str]) -> Schema:
    """The settings' schema whose ``translations:`` takes the site's other languages."""
    texts = SITE_TEXT if schema is SITE else STATE_TEXT
    by_lang = tuple(
        Field(code, "record", f"the sentences in '{code}'", schema=Schema(code, texts),
              make=_texts)
        for code in others
    )  # fmt: skip
    by_lang_schema = Schema("translations", by_lang)
    spec = Field("translations", "record", TRANSLATIONS_HELP, schema=by_lang_schema)
    return Schema(schema.name, tuple(spec if f.name == spec.name else f for f in schema.fields))


def _written(doc: YamlDoc, name: str) -> str | list[str]:
    """A setting as written, before the settings are read: a text, or a list of texts."""
    for key, value in doc.node.value if doc.node is not None else ():
        if key.value == name and isinstance(value, yaml.ScalarNode):
            return str(value.value)
        if key.value == name and isinstance(value, yaml.SequenceNode):
            return [str(item.value) for item in value.value]
    return ""


def is_state_folder(name: str) -> bool:
    """Whether a folder of content/ with this name is a state's (not national, not private)."""
    return name not in (*REGISTRY.national_folders, "images") and not name.startswith(("_", "."))


def state_keys(content: Path) -> list[str]:
    """State folders: every folder of content/ but the national ones and _private ones."""
    return sorted(p.name for p in content.iterdir() if p.is_dir() and is_state_folder(p.name))


def load_config(
    root: Path, only_state: str | None = None, base_url: str | None = None
) -> tuple[Config | None, list[Problem]]:
    """Read site.yaml and every state's _state.yaml; all problems at once."""
    content = root / "content"
    site_file = content / "site.yaml"
    if not site_file.is_file():
        hint = "run hubgen in the project folder, or name it with --root DIR"
        return None, [Problem(relpath(site_file, root), None, "content/site.yaml not found", hint)]
    result = _read(site_file, root, SITE, Context())
    values, problems = result.values, result.problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    values["role_email_domains"] = tuple(d.lower() for d in values["role_email_domains"])
    site = SiteConfig(**values)
    problems += _unknown_paths(site, result, relpath(site_file, root))
    keys = state_keys(content)
    if only_state is not None and only_state not in keys:
        guess = did_you_mean(only_state, keys)
        hint = (guess + " " if guess else "") + "States: " + (", ".join(keys) or "none yet")
        return None, [Problem("content", None, f"there is no state '{only_state}'", hint)]
    states = []
    for key in keys if only_state is None else [only_state]:
        state, state_problems = _load_state(content / key, root, site, base_url)
        problems += state_problems
        if state is not None:
            states.append(state)
    return Config(root, content, site, tuple(states)), problems


def _load_state(
    folder: Path, root: Path, site: SiteConfig, base_url: str | None
) -> tuple[StateConfig | None, list[Problem]]:
    key = folder.name
    shown = f"{relpath(folder.parent, root)}/{key}"
    outside = link_problem(folder, shown, folder.parent)
    if outside:
        return None, [outside]
    if not SLUG_RE.match(key):
        hint = "name state folders with lowercase letters, digits and hyphens, like new-mexico"
        return None, [Problem(shown, None, f"'{key}' is not a valid state folder name", hint)]
    file = folder / "_state.yaml"
    if not file.is_file():
        hint = "add _state.yaml with name, code, timezone and base_url (see the README)"
        return None, [Problem(shown, None, f"state folder '{key}' has no _state.yaml", hint)]
    context = Context(role_domains=site.role_email_domains)
    result = _read(file, root, STATE, context, site.languages)
    values, problems = result.values, result.problems
    code = str(values.get("code", "")).upper()
    if code and code not in counties.state_codes():
        line = result.lines.get("code")
        hint = "use the two-letter postal code, like WI"
        problems.append(
            Problem(relpath(file, root), line, f"'{code}' is not a US state code", hint)
        )
    if any(p.severity == "error" for p in problems):
        return None, problems
    values["code"] = code
    values.setdefault("theme", site.theme)
    values.setdefault("languages", site.languages)
    if "disclaimer" not in values:  # the site's, in every language
        values["disclaimer"] = site.disclaimer
        values["translations"] = _with_disclaimers(values.get("translations", ()), site)
    values.setdefault("finder_radius_miles", site.finder_radius_miles)
    state = StateConfig(key=key, folder=folder, **values)
    if base_url:  # a preview: every state under its key, as public/ holds them
        state = replace(state, base_url=f"{base_url.rstrip('/')}/{key}/")
    return state, problems


def _with_disclaimers(
    own: tuple[tuple[str, Texts], ...], site: SiteConfig
) -> tuple[tuple[str, Texts], ...]:
    """A state's sentences in other languages, with the site's disclaimer in each."""
    merged = dict(own)
    for code, texts in site.translations:
        if texts.disclaimer:
            merged[code] = replace(merged.get(code, Texts()), disclaimer=texts.disclaimer)
    return tuple(sorted(merged.items()))


def _unknown_paths(site: SiteConfig, result: Result, shown: str) -> list[Problem]:
    """A translated training path whose key names none of ``training_paths:``."""
    keys = [p.key for p in site.training_paths]
    problems = []
    for code, texts in site.translations:
        for index, path in enumerate(texts.training_paths):
            if path.key not in keys:
                line = result.lines.get(f"translations.{code}.training_paths[{index + 1}].key")
                guess = did_you_mean(path.key, keys)
                hint = (guess + " " if guess else "") + "Paths: " + (", ".join(keys) or "none")
                message = f"there is no training path '{path.key}' to translate"
                problems.append(Problem(shown, line, message, hint))
    return problems
