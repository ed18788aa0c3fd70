"""The content types, each declared once: its fields, folder, lists, pages and time fields.

Six types live in a state's folders (community, office, event, training,
partner, page), plus the state's home page. Each :class:`TypeSpec` below is the
single source of truth: the validator reads files with its schema, discovery
finds its folder, templates read its lists on ``state``, the state site gets
its list pages and menu entries, the snapshot of a state knows when its time
fields change a page, the privacy guard trusts its public fields, ``hubgen
new`` offers it, and the README lists it. Adding a type is adding one
declaration here, plus its templates (``<name>.html``, ``<kind>_list.html``)
and the interface text its list page names (see docs/engineering/).
"""

from __future__ import annotations

from hubgen.content.fields import Field, Schema
from hubgen.content.typespec import Collection, ListPage, Registry, TypeSpec
from hubgen.content.values import (
    ADDRESS,
    CONTACT,
    PARTNER_CONTACT,
    PLACE_VARIANTS,
    SCHEDULE,
    Address,
    Contact,
    Schedule,
    make,
    place,
)

# --- fields every type has ---------------------------------------------------------------

COMMON = (
    Field("title", "text", "the page's title", required=True, translatable=True),
    Field("description", "text", "one or two sentences for lists and search", translatable=True),
    Field("draft", "bool", "true keeps it out of the build", default=False),
    Field("publish_date", "date", "not published before this date (YYYY-MM-DD)"),
    Field("expiry_date", "date", "not published after this date (YYYY-MM-DD)"),
    Field("aliases", "list", "old addresses that redirect here, like /old-name/",
          item=Field("alias", "text")),
    Field("extra", "extra", "free-form values for themes"),
)  # fmt: skip

EVENT_KINDS = (
    "canvass", "phone bank", "text bank", "meeting", "training", "house party",
    "voter registration", "rally",
)  # fmt: skip

# --- the content types, in the order of their list pages ---------------------------------

HOME = TypeSpec("home", Schema("home page", COMMON), folder="", address="/")

COMMUNITY = TypeSpec(
    "community",
    Schema("community", COMMON + (
        Field("counties", "list", "Census county names", required=True,
              item=Field("county", "county")),
        Field("towns", "list", "towns and cities in the area", item=Field("town", "text")),
        Field("market", "text", "the media market, like 'La Crosse-Eau Claire'"),
        Field("schedule", "record", "the regular meeting", schema=SCHEDULE, make=make(Schedule)),
        Field("signup", "url", "where volunteers join (a form or Mobilize page)"),
        Field("contact", "record", "the team's role contact", schema=CONTACT, make=make(Contact)),
        Field("status", "enum", "active or forming", default="active",
              choices=("active", "forming")),
    )),
    folder="communities",
    collections=(Collection("communities"),),
    list_pages=(ListPage("community", "communities", "/communities/", "communities", menu=1),),
    repeats="schedule",
    public=("signup", "contact.email", "contact.phone"),
)  # fmt: skip

OFFICE = TypeSpec(
    "office",
    Schema("office", COMMON + (
        Field("address", "record", "street, city and zip", required=True, schema=ADDRESS,
              make=make(Address)),
        Field("hours", "weekly", "opening hours, like monday: 10:00-18:00"),
        Field("phone", "phone", "the office line"),
        Field("email", "email", "the office's role address"),
        Field("accessibility", "text", "step-free entrance, parking, restrooms",
              translatable=True),
        Field("latitude", "float", "like 43.0747", minimum=-90, maximum=90),
        Field("longitude", "float", "like -89.3841", minimum=-180, maximum=180),
        Field("communities", "list", "the communities it serves",
              item=Field("community", "ref", target="community")),
    )),
    folder="offices",
    collections=(Collection("offices"),),
    list_pages=(ListPage("office", "offices", "/offices/", "offices", menu=3),),
    public=("phone", "email", "address.street"),
)  # fmt: skip

_LISTED = (("visibility", "listed"),)

EVENT = TypeSpec(
    "event",
    Schema("event", COMMON + (
        Field("kind", "enum", "what volunteers will do", required=True, choices=EVENT_KINDS),
        Field("start", "datetime", "like 2026-12-05 10:00, local time", required=True),
        Field("end", "end", "like 2026-12-05 12:00, or just 12:00 for the same day",
              required=True),
        Field("timezone", "timezone", "only if not the state's, like America/Denver"),
        Field("status", "enum", "scheduled, cancelled or postponed", default="scheduled",
              choices=("scheduled", "cancelled", "postponed")),
        Field("new_start", "new_date", "for a postponed event: its new date and time, like "
              "2027-03-06 10:00, or 'to be announced'"),
        Field("status_note", "text", "for a cancelled or postponed event: why, and what to do "
              "instead", translatable=True),
        Field("visibility", "enum", "listed, or unlisted (reachable by link only)",
              default="listed", choices=("listed", "unlisted")),
        Field("place", "variant", "where it happens: type office, address, home or online",
              required=True, variants=PLACE_VARIANTS, make=place),
        Field("rsvp", "url", "the sign-up link (Mobilize, Action Network or a form)"),
        Field("community", "ref", "the community hosting it", target="community"),
        Field("partner", "ref", "a partner hosting it", target="partner"),
    )),
    folder="events",
    collections=(
        Collection("events", order=("start", "slug")),  # unlisted ones too
        Collection("listed_events", order=("start", "slug"), where=_LISTED),
        # cancelled ones last, so none leads a list or is a community's next event
        Collection("upcoming_events", order=("is_cancelled", "start", "slug"), where=_LISTED,
                   when="upcoming"),
        Collection("past_events", order=("start", "slug"), where=_LISTED, when="past",
                   newest_first=True),
    ),
    list_pages=(
        ListPage("event", "upcoming_events", "/events/", "upcoming_events", menu=2,
                 label="events"),
        ListPage("event_past", "past_events", "/events/past/", "past_events"),
    ),
    starts="start",
    ends="end",
    public=("rsvp", "place.address.street"),
)  # fmt: skip

TRAINING = TypeSpec(
    "training",
    Schema("training module", COMMON + (
        Field("order", "int", "its position in the library: 1, 2, 3...", required=True,
              minimum=1),
        Field("duration", "int", "minutes it takes", required=True, minimum=1, maximum=600),
        Field("level", "enum", "beginner, intermediate or advanced", default="beginner",
              choices=("beginner", "intermediate", "advanced")),
        Field("prerequisites", "list", "modules to take first",
              item=Field("module", "ref", target="training")),
        Field("paths", "list", "learning paths from site.yaml's training_paths",
              item=Field("path", "slug")),
    )),
    folder="training",
    national=True,
    collections=(Collection("training", order=("order", "title")),),
    list_pages=(ListPage("training", "training", "/training/", "training", menu=4),),
)  # fmt: skip

PARTNER = TypeSpec(
    "partner",
    Schema("partner", COMMON + (
        Field("organization", "text", "the organization's full name", required=True),
        Field("website", "url", "the organization's site"),
        Field("contact", "record", "the organization's public contact", schema=PARTNER_CONTACT,
              make=make(Contact)),
        Field("cooperation", "list", "what we work on together",
              item=Field("topic", "text", translatable=True)),
        Field("areas", "list", "where: counties, cities or 'statewide'",
              item=Field("area", "text", translatable=True)),
    )),
    folder="partners",
    national=True,
    collections=(Collection("partners"),),
    list_pages=(ListPage("partner", "partners", "/partners/", "partners", menu=5),),
    public=("website", "contact.email", "contact.phone"),
)  # fmt: skip

PAGE = TypeSpec(
    "page",
    Schema("page", COMMON + (
        Field("menu", "int", "its position in the main menu; leave out to keep it out",
              minimum=1),
    )),
    folder="pages",
    address="/{slug}/",
    collections=(Collection("menu", order=("menu", "title"), needs="menu"),),
)  # fmt: skip

# Pages of every state site that list no one type's documents.
SITE_PAGES = (
    ListPage("county", "find_by_county", "/communities/counties/"),
    ListPage("start", "start_community", "/start/"),
    ListPage("search", "search", "/search/", menu=6),
)

REGISTRY = Registry((HOME, COMMUNITY, OFFICE, EVENT, TRAINING, PARTNER, PAGE), SITE_PAGES)

# Shorthands for what most stages ask.
SCHEMAS = REGISTRY.schemas
FOLDERS = REGISTRY.folders  # folder -> type
SECTIONS = {kind: folder for folder, kind in FOLDERS.items()}  # type -> folder
NATIONAL_TYPES = tuple(t.name for t in REGISTRY.types if t.national)
