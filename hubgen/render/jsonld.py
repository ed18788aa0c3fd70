"""schema.org JSON-LD of events, offices, communities and partners.

Event for events, Place for offices, Organization for communities and
partners. Private homes give only their locality and ZIP code;
unlisted events give none, so search engines do not learn of them. A
postponed event keeps its date until it has a new one; then it is
EventRescheduled at the new date, with its ``previousStartDate``.
"""

from __future__ import annotations

from typing import Any

from hubgen.render import calendars
from hubgen.render.viewtypes import View

CONTEXT = "https://schema.org"
EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "moved": "https://schema.org/EventRescheduled",
}


def _address(state: View, city: str, zip_code: str, street: str = "") -> dict[str, str]:
    address = {
        "@type": "PostalAddress",
        "addressLocality": city,
        "addressRegion": state.code,
        "postalCode": zip_code,
        "addressCountry": "US",
    }
    return {**({"streetAddress": street} if street else {}), **address}


def _location(event: View, state: View) -> dict[str, Any]:
    place = event.place
    if place.type == "online":
        return {"@type": "VirtualLocation", "url": event.abs_url}
    if place.type == "home":
        name = f"Private home in {place.neighborhood}"
        return {"@type": "Place", "name": name, "address": _address(state, place.city, place.zip)}
    if place.type == "office":
        office = event.office
        assert office is not None
        street = office.address.street
        address = _address(state, office.address.city, office.address.zip, street)
        return {"@type": "Place", "name": office.title, "address": address, "url": office.abs_url}
    where = place.address
    address = _address(state, where.city, where.zip, where.street)
    return {"@type": "Place", "name": where.name or where.street, "address": address}


def _event(event: View, state: View) -> dict[str, Any] | None:
    if event.visibility == "unlisted":
        return None
    host = event.community or event.partner
    organizer = {
        "@type": "Organization",
        "name": host.title if host else state.program.name,
        "url": host.abs_url if host else state.abs_url("/"),
    }
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.title,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventStatus": EVENT_STATUS[calendars.state_of(event)],
        "eventAttendanceMode": "https://schema.org/"
        + (
            "OnlineEventAttendanceMode"
            if event.place.type == "online"
            else "OfflineEventAttendanceMode"
        ),
        "location": _location(event, state),
        "organizer": organizer,
        "url": event.abs_url,
    }
    if event.previous_start:  # its start is the new date's
        data["previousStartDate"] = event.previous_start.isoformat()
    if event.description:
        data["description"] = event.description
    return data


def _office(office: View, state: View) -> dict[str, Any]:
    address = office.address
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Place",
        "name": office.title,
        "address": _address(state, address.city, address.zip, address.street),
        "url": office.abs_url,
    }
    if office.latitude is not None and office.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": office.latitude,
            "longitude": office.longitude,
        }
    if office.phone:
        data["telephone"] = office.phone
    if office.hours:
        data["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{day.capitalize()}",
                "opens": opens.strftime("%H:%M"),
                "closes": closes.strftime("%H:%M"),
            }
            for day, ranges in office.hours.items()
            for opens, closes in ranges
        ]
    return data


def _organization(doc: View, state: View) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Organization", "url": doc.abs_url}
    if doc.type == "partner":
        data["name"] = doc.organization
        if doc.website:
            data["sameAs"] = doc.website
        areas = doc.areas
    else:
        data["name"] = doc.title
        data["parentOrganization"] = {"@type": "Organization", "name": state.program.name}
        areas = [f"{county.label}, {state.code}" for county in doc.counties]
    if areas:
        data["areaServed"] = [{"@type": "AdministrativeArea", "name": area} for area in areas]
    if doc.description:
        data["description"] = doc.description
    contact = doc.contact
    if contact is not None and contact.email:
        data["email"] = contact.email
    if contact is not None and contact.phone:
        data["telephone"] = contact.phone
    return data


def json_ld(doc: View, state: View) -> dict[str, Any] | None:
    if doc.type == "event":
        return _event(doc, state)
    if doc.type == "office":
        return _office(doc, state)
    if doc.type in ("community", "partner"):
        return _organization(doc, state)
    return None
