"""How a content type is declared, and what the rest of hubgen derives from the declarations.

A :class:`TypeSpec` says everything about one type as data: its fields, its
folder and address, whether it can be national, the lists templates read
(``state.communities``), its list pages, its time fields and the fields the
privacy guard trusts. A :class:`Registry` of them answers every question other
stages ask about types; nothing else lists the types (see
:mod:`hubgen.content.types` for the declarations themselves).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from hubgen.content.fields import Schema


@dataclass(frozen=True)
class Collection:
    """One list of a type's published documents, as templates read it: ``state.<name>``.

    Items are sorted by the fields of ``order`` (text without regard to case); ``where``
    keeps only items with those field values, ``needs`` only items with that field set,
    ``when`` only upcoming or past ones (by the type's ``ends`` field and the build's
    time); ``newest_first`` turns the order around.
    """

    name: str
    order: tuple[str, ...] = ("title",)
    where: tuple[tuple[str, object], ...] = ()
    needs: str = ""
    when: str = ""  # "", "upcoming" or "past"
    newest_first: bool = False


@dataclass(frozen=True)
class ListPage:
    """A list page every state site has: its template is ``<kind>_list.html``.

    ``title`` is the interface text key of its title, ``items`` the collection it
    lists (none for pages that list no documents), ``menu`` its place in the main
    menu (0: not in it) with ``label`` the text key there (its title if not given).
    """

    kind: str
    title: str
    path: str
    items: str = ""
    menu: int = 0
    label: str = ""


@dataclass(frozen=True)
class TypeSpec:
    """One content type, declared once.

    ``folder`` is where its files live in a state's folder (and, for a ``national``
    type, in content/ for every state); ``address`` is its pages' address, with
    ``{folder}`` and ``{slug}`` filled in. ``starts`` and ``ends`` name the fields
    that place it in time (an event is past once its end has passed), ``repeats`` a
    field whose value is a regular meeting. ``public`` lists the fields (dotted for
    nested ones) that hold a published contact or a public address, checked by the
    schema, which the privacy guard therefore does not scan.
    """

    name: str
    schema: Schema
    folder: str
    address: str = "/{folder}/{slug}/"
    national: bool = False
    collections: tuple[Collection, ...] = ()
    list_pages: tuple[ListPage, ...] = ()
    starts: str = ""
    ends: str = ""
    repeats: str = ""
    public: tuple[str, ...] = ()

    def url(self, slug: str) -> str:
        return self.address.format(folder=self.folder, slug=slug)


class Registry:
    """Every content type, and what each stage needs to know of them, derived."""

    def __init__(self, types: Iterable[TypeSpec], site_pages: Iterable[ListPage] = ()) -> None:
        self.types: tuple[TypeSpec, ...] = tuple(types)
        for spec in self.types:
            if spec.national and (spec.starts or spec.ends or spec.repeats):
                # national documents are read once for every state, without a state's zone
                raise ValueError(f"type {spec.name}: a national type has no time fields")
        self.site_pages: tuple[ListPage, ...] = tuple(site_pages)
        self.by_name: Mapping[str, TypeSpec] = MappingProxyType({t.name: t for t in self.types})

    def __getitem__(self, name: str) -> TypeSpec:
        return self.by_name[name]

    @cached_property
    def schemas(self) -> Mapping[str, Schema]:
        return MappingProxyType({t.name: t.schema for t in self.types})

    @cached_property
    def folders(self) -> Mapping[str, str]:
        """Folder name inside a state's (or the national) folder -> content type."""
        return MappingProxyType({t.folder: t.name for t in self.types if t.folder})

    @cached_property
    def national_folders(self) -> tuple[str, ...]:
        """The folders of content/ that hold national content, shared by every state."""
        return tuple(t.folder for t in self.types if t.national)

    @cached_property
    def list_pages(self) -> tuple[ListPage, ...]:
        """The types' list pages in the order of the types, then the site's own."""
        return tuple(p for t in self.types for p in t.list_pages) + self.site_pages

    @cached_property
    def list_items(self) -> Mapping[str, str]:
        """The collection each list page lists, by the page's kind (if it lists one)."""
        return MappingProxyType({p.kind: p.items for p in self.list_pages if p.items})

    @cached_property
    def collections(self) -> Mapping[str, tuple[TypeSpec, Collection]]:
        """Each list templates read on ``state``, by name, with the type it lists."""
        found = {c.name: (t, c) for t in self.types for c in t.collections}
        return MappingProxyType(found)

    @cached_property
    def main_menu(self) -> tuple[tuple[str, str], ...]:
        """The main menu's entries, in their order: (address, interface text key)."""
        pages = sorted((p for p in self.list_pages if p.menu), key=lambda p: p.menu)
        return tuple((p.path, p.label or p.title) for p in pages)

    @cached_property
    def public_fields(self) -> frozenset[str]:
        """Names of fields, at any depth, that hold a published contact or public address."""
        return frozenset(path.rsplit(".", 1)[-1] for t in self.types for path in t.public)
