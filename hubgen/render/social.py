"""What a shared link shows: a 1200x630 card image per state, and an Atom feed of events;
and the links that share a page or find its place on a map, which need no script.

The card is drawn at build time with Pillow (the theme's colors, the state's
name, the program and the tagline) so every link shared on social media or in
a chat app has a clear preview, with no request to another site.
"""

from __future__ import annotations

import io
import textwrap
from datetime import datetime
from html import escape
from urllib.parse import quote, urlencode

from hubgen.render.viewtypes import View

WIDTH, HEIGHT = 1200, 630
BACKGROUND, ACCENT, TEXT = "#083f77", "#f2b705", "#ffffff"


def share_image(title: str, subtitle: str, tagline: str) -> bytes:
    """A PNG card: a band of accent color, the title large, two lines below it."""
    from PIL import Image, ImageDraw, ImageFont  # only when a card is drawn

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=ACCENT)
    big, middle, small = (ImageFont.load_default(size=s) for s in (120, 52, 40))
    draw.text((80, 120), title, font=big, fill=TEXT)
    draw.text((80, 280), subtitle, font=middle, fill=ACCENT)
    for index, line in enumerate(textwrap.wrap(tagline, width=48)[:3]):
        draw.text((80, 380 + index * 56), line, font=small, fill=TEXT)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)  # optimize=True: 5 times slower, 4% smaller
    return out.getvalue()


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def atom_feed(state: View, title: str) -> str:
    """Listed events, newest first: what a feed reader or a newsletter tool picks up."""
    events = sorted(state.listed_events, key=lambda e: (e.start, e.slug), reverse=True)[:50]
    entries = []
    # the feed changed when its newest entry did (the day of the build when it has none)
    day = state.now.date()
    newest = datetime(day.year, day.month, day.day, tzinfo=state.now.tzinfo)
    updates = []
    for event in events:
        published = event.publish_date
        updated = datetime.combine(published, event.start.timetz()) if published else event.start
        updates.append(updated)
        summary = f"{event.start:%Y-%m-%d %H:%M} {event.start.tzname()}, {event.place_text}"
        if event.status != "scheduled":
            summary = f"{event.status.capitalize()}. {summary}"
        if event.description:
            summary += f". {event.description}"
        entries.append(
            "  <entry>\n"
            f"    <id>{escape(event.abs_url)}</id>\n"
            f"    <title>{escape(event.title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{escape(event.abs_url)}"/>\n'
            f"    <updated>{_stamp(updated)}</updated>\n"
            f"    <summary>{escape(summary)}</summary>\n"
            "  </entry>\n"
        )
    newest = max(updates, default=newest)
    feed_url = state.abs_url("/feed.xml")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{state.lang}">\n'
        f"  <id>{escape(feed_url)}</id>\n"
        f"  <title>{escape(title)}</title>\n"
        f'  <link rel="self" type="application/atom+xml" href="{escape(feed_url)}"/>\n'
        f'  <link rel="alternate" type="text/html" href="{escape(state.abs_url("/"))}"/>\n'
        f"  <updated>{_stamp(newest)}</updated>\n"
        f"  <author><name>{escape(state.program.name)}</name></author>\n"
        + "".join(entries)
        + "</feed>\n"
    )


def mail_link(title: str, url: str) -> str:
    """``mailto:`` with no recipient: the subject is the title, the body the address."""
    return "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)


def sms_link(title: str, url: str) -> str:
    """``sms:`` with no number and the message's text; '?&body' is read by both iOS and
    Android."""
    return "sms:?&" + urlencode({"body": f"{title} {url}"}, quote_via=quote)


def map_link(latitude: float | None, longitude: float | None, address: str) -> str | None:
    """OpenStreetMap at the coordinates, else a search for the address, else none."""
    if latitude is not None and longitude is not None:
        return (f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}"
                f"#map=17/{latitude}/{longitude}")  # fmt: skip
    if address:
        return "https://www.openstreetmap.org/search?" + urlencode({"query": address})
    return None


def geo_link(latitude: float | None, longitude: float | None) -> str | None:
    """A ``geo:`` URI (RFC 5870): the phone's map app opens at the place."""
    if latitude is None or longitude is None:
        return None
    return f"geo:{latitude},{longitude}"
