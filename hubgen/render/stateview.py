"""The state view: one state's site in one language, as templates see it (``state``).

It holds the collections templates list (communities, upcoming events,
training paths...), turns Markdown bodies into HTML through the memo, and
works out the current value behind any dependency a page recorded
(:meth:`StateView.resolve`); see :mod:`hubgen.render.views` for the whole contract.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from hubgen.content.config import SiteConfig, TrainingPath
from hubgen.content.documents import Document
from hubgen.content.images import ImageInfo
from hubgen.content.linking import StateSite, doc_url
from hubgen.content.types import REGISTRY
from hubgen.content.typespec import Collection
from hubgen.core.fingerprints import Dep, Untrackable, digest, summary
from hubgen.geo import counties, maps
from hubgen.geo.counties import County
from hubgen.geo.maps import MapPoint
from hubgen.render.i18n import fallback_chain, first_in
from hubgen.render.themes import static_asset
from hubgen.render.views import DocView, _undeclared

if TYPE_CHECKING:
    from hubgen.markup.markdown import Converter
    from hubgen.markup.sanitize import Embed


class Memo(Protocol):
    """Where slow pure results are kept (see :class:`hubgen.core.cache.Store`)."""

    def remember(self, parts: Hashable, compute: Callable[[], Any]) -> Any: ...


class NoMemo:
    """Remembers nothing: every result is computed."""

    def remember(self, parts: Hashable, compute: Callable[[], Any]) -> Any:
        return compute()


class StateView:
    """One state's site as templates see it."""

    # the state's settings and address helpers: covered by the build's profile key
    PLAIN = frozenset({"key", "name", "code", "tagline", "timezone", "contact", "disclaimer",
                       "base_url", "base_path", "languages", "lang", "default_lang", "prefix",
                       "url", "abs_url", "asset", "abs_asset", "program"})  # fmt: skip
    # the types' lists (``communities``, ``upcoming_events``...: see TypeSpec.collections)
    # and what is computed from them
    VALUES = frozenset(REGISTRY.collections) | {"home", "training_paths", "counties", "map_svg",
                                                 "next_events"}  # fmt: skip

    def __init__(
        self,
        site: StateSite,
        program: SiteConfig,
        converter: Converter | Callable[[], Converter],
        lang: str = "",
        images: Mapping[str, ImageInfo] | None = None,
        memo: Memo | None = None,
        statics: str = "static/",
    ) -> None:
        """``memo`` keeps Markdown, maps and other slow pure results between builds;
        ``statics`` is the folder the theme's static files are published in."""
        self.site = site
        self._statics = statics
        self.program = program
        self._converter = converter  # or a function that makes one, when it is first needed
        self.memo: Memo = memo or NoMemo()
        self.lang = lang or site.config.languages[0]
        self.default_lang = site.config.languages[0]
        self._views: dict[tuple[str, str], DocView] = {}
        self.links: dict[tuple[str, str], tuple[str, ...]] = {}  # content links, for checking
        self.pictures: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}  # images used
        self.embeds: dict[tuple[str, str], tuple[Embed, ...]] = {}  # frames written
        self.images: Mapping[str, ImageInfo] = images or {}
        config = site.config
        self.key, self.name, self.code = config.key, config.name, config.code
        self.tagline, self.timezone = config.tagline, config.timezone
        self.contact, self.disclaimer = config.contact, config.disclaimer
        self.base_url, self.base_path = config.base_url, config.base_path
        self.languages = config.languages
        self.now = site.now

    def dep_of(self, attribute: str) -> Dep | None:
        if attribute in self.PLAIN:
            return None
        if attribute in self.VALUES:
            return ("value", ("state",), attribute)
        if attribute == "now":
            return ("now",)
        return _undeclared(self, attribute)

    def resolve(self, dep: Dep) -> object:
        """The current value behind a dependency, as plain data to fingerprint."""
        if dep[0] == "now":
            return self.now.isoformat()
        if dep[0] not in ("doc", "body", "value"):
            raise Untrackable(str(dep[0]))
        owner = self._owner(dep[1])  # type: ignore[arg-type]
        if owner is None:
            return ("missing",)
        if dep[0] == "doc":
            assert isinstance(owner, DocView)
            return owner.own_summary()
        if dep[0] == "body":
            assert isinstance(owner, DocView)
            return owner._doc.body_hash
        name = str(dep[2])
        if name == "map_svg":  # a function of the page's words and of this
            return summary(self._map_content)
        if name == "path_neighbors":
            assert isinstance(owner, DocView)
            paths = self.program.training_paths
            return summary({p.key: owner.path_neighbors(p.key) for p in paths})
        return summary(getattr(owner, name))

    def _owner(self, owner: tuple[str, ...]) -> object:
        if owner[0] == "state":
            return self
        if owner[0] == "doc":
            return self.view_of(owner[1], owner[2])
        if owner[0] == "list":
            return _Listing(self.listing(owner[1]))
        return None

    def listing(self, kind: str) -> list[DocView]:
        """What the list page of ``kind`` lists ('county', 'start'... list nothing)."""
        items = REGISTRY.list_items.get(kind)
        return getattr(self, items) if items else []

    def __getattr__(self, name: str) -> list[DocView]:
        """One of the types' lists, made when it is first read (see TypeSpec.collections)."""
        found = REGISTRY.collections.get(name)
        if found is None or name.startswith("_"):
            raise AttributeError(name)
        spec, wanted = found
        items = [v for v in self._all(spec.name) if _belongs(v, wanted)]
        items.sort(key=lambda v: tuple(_sortable(getattr(v, f)) for f in wanted.order))
        if wanted.newest_first:
            items.reverse()
        self.__dict__[name] = items
        return items

    def prefix(self, lang: str = "") -> str:
        """Where a language's pages start: '' for the default language, 'es/' for Spanish."""
        lang = lang or self.lang
        return "" if lang == self.default_lang else f"{lang}/"

    def url(self, path: str, lang: str = "") -> str:
        """A page's address in this page's language (or in ``lang``)."""
        return self.base_path + self.prefix(lang) + path.lstrip("/")

    def abs_url(self, path: str, lang: str = "") -> str:
        return self.base_url.rstrip("/") + "/" + self.prefix(lang) + path.lstrip("/")

    def asset(self, path: str) -> str:
        """A file shared by every language: stylesheets, scripts, calendars, finder data
        (theme files, '/static/...', at their fingerprinted address)."""
        return self.base_path + static_asset(path, self._statics).lstrip("/")

    def abs_asset(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + static_asset(path, self._statics).lstrip("/")

    @property
    def converter(self) -> Converter:
        if callable(self._converter) and not hasattr(self._converter, "convert"):
            self._converter = self._converter()
        return self._converter  # type: ignore[return-value]

    @cached_property
    def site_key(self) -> bytes:
        """What a state's feeds, calendars, sitemap and finder data are made from: every
        document's front matter, the settings, the language and the day of the build."""
        site = self.site
        documents = sorted((k, d.meta_hash, d.source.shown) for k, d in site.documents.items())
        translations = sorted((k, d.meta_hash) for k, d in site.translations.items())
        return digest(
            summary(
                (
                    repr(self.program),
                    repr(site.config),
                    self.lang,
                    self.now.date(),
                    documents,
                    translations,
                    sorted(site.previewed.items()),
                    sorted(site.redirects.items()),
                )
            )
        )

    @cached_property
    def _images_key(self) -> Hashable:
        return summary(sorted(self.images.items()))

    def html(self, doc: Document) -> str:
        base = self.base_path + self.prefix()
        hosts = self.program.iframe_hosts
        page = doc_url(*doc.key)  # relative links are read from there: follows the key alone
        rendered = self.memo.remember(
            (
                "markdown",
                doc.body_hash,
                page,
                base,
                self.base_path,
                self._statics,
                self._images_key,
                hosts,
                doc.source.lang,
            ),
            lambda: self.converter.convert(
                doc.body,
                base,
                self.base_path,
                self.images,
                self._statics,
                hosts,
                doc.source.lang,
                page,
            ),
        )
        self.links[doc.key] = rendered.links
        self.pictures[doc.key] = rendered.pictures
        self.embeds[doc.key] = rendered.embeds
        return rendered.html

    def view(self, doc: Document) -> DocView:
        if doc.key not in self._views:
            chain = fallback_chain(self.lang, self.default_lang)
            found = first_in(chain, lambda code: doc if code == doc.source.lang
                             else self.site.translations.get((*doc.key, code)))  # fmt: skip
            lang, shown = found or (doc.source.lang, doc)
            self._views[doc.key] = DocView(shown, self, lang != self.lang)
        return self._views[doc.key]

    def view_of(self, kind: str, slug: str) -> DocView | None:
        doc = self.site.get(kind, slug)
        return self.view(doc) if doc else None

    def _all(self, kind: str) -> list[DocView]:
        return [self.view(d) for d in self.site.of_type(kind)]

    @property
    def home(self) -> DocView | None:
        return self.view_of("home", "index")

    @cached_property
    def training_paths(self) -> list[tuple[TrainingPath, list[DocView]]]:
        return [
            (path, [m for m in self.training if path.key in m.paths])
            for path in self.program.training_paths
        ]

    @cached_property
    def next_events(self) -> list[DocView]:
        """The upcoming events that will take place, soonest first: scheduled ones and
        postponed ones with their new date (never a cancelled one, nor one without a date)."""
        moved = [e for e in self.upcoming_events if e.status == "postponed" and e.previous_start]
        return [e for e in self.upcoming_events if e.status == "scheduled" or e in moved]

    @cached_property
    def counties(self) -> list[tuple[County, list[DocView]]]:
        """Every county of the state with the communities that cover it (maybe none)."""
        covering: dict[str, list[DocView]] = {}
        for community in self.communities:
            for county in community.counties:
                covering.setdefault(county.fips, []).append(community)
        return [(c, covering.get(c.fips, [])) for c in counties.counties(self.code)]

    @cached_property
    def _map_content(self) -> tuple[tuple[tuple[str, str], ...], tuple[MapPoint, ...], str]:
        """What the map shows: (FIPS, community) of each covered county, the offices with
        a location, and each community with the counties it covers."""
        covered = tuple((c.fips, found[0].title) for c, found in self.counties if found)
        points = tuple(MapPoint(o.latitude, o.longitude, o.title) for o in self.offices
                       if o.latitude is not None and o.longitude is not None)  # fmt: skip
        areas = "; ".join(f"{c.title}: {', '.join(k.label for k in c.counties)}"
                          for c in self.communities)  # fmt: skip
        return covered, points, areas

    def map_svg(self, title: str, description: str) -> Markup:
        """The state's counties as an SVG picture in the page's words: covered ones shaded,
        offices as dots, no links (the page's lists are the way to each one).

        ``title`` has ``{state}``, ``{covered}`` and ``{total}`` filled in; ``description``
        is followed by each community and the counties it covers."""
        covered, points, areas = self._map_content
        title = (title.replace("{state}", self.name).replace("{covered}", str(len(covered)))
                 .replace("{total}", str(len(self.counties))))  # fmt: skip
        description = f"{description} {areas}".strip()
        parts = ("map", self.code, title, description, covered, points)
        svg = self.memo.remember(
            parts, lambda: maps.state_map_svg(self.code, title, description, dict(covered), points)
        )
        return Markup(svg)


@dataclass(frozen=True)
class _Listing:
    """A list page's items, as a dependency sees them."""

    items: list[DocView]


def _belongs(view: DocView, wanted: Collection) -> bool:
    """Whether a document is in a list: its field values, a set field, upcoming or past."""
    if any(getattr(view, name) != value for name, value in wanted.where):
        return False
    if wanted.needs and not getattr(view, wanted.needs):
        return False
    if wanted.when:
        return view.is_past == (wanted.when == "past")
    return True


def _sortable(value: Any) -> tuple[bool, Any]:
    """A sort key of one field: text without regard to case, unset values last."""
    return (value is None, value.lower() if isinstance(value, str) else value)
