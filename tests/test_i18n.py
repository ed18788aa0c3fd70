"""One translation path: interface text, content and dates in the page's language, falling
back to the site's default language; dates and times from CLDR; a new language is a catalog."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import pytest

from hubgen.content.values import Schedule
from hubgen.render.i18n import FILTERS, Language, Strings, fallback_chain, first_in
from hubgen.render.themes import load_theme
from tests.conftest import REPO, build_site, check_site, write_files

CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture(scope="module")
def catalogs() -> dict[str, dict[str, str]]:
    theme, problems = load_theme("default", REPO)
    assert problems == [] and theme is not None
    return {lang: dict(table) for lang, table in theme.strings.items()}


@pytest.fixture(scope="module")
def en(catalogs: dict[str, dict[str, str]]) -> Language:
    return Language(catalogs, "en", "en")


@pytest.fixture(scope="module")
def es(catalogs: dict[str, dict[str, str]]) -> Language:
    return Language(catalogs, "es", "en")


def test_dates_in_english_and_spanish(en: Language, es: Language) -> None:
    assert en.date(date(2026, 12, 5)) == "Saturday, December 5, 2026"
    assert es.date(date(2026, 12, 5)) == "sábado, 5 de diciembre de 2026"
    late = datetime(2027, 1, 21, 23, 30, tzinfo=CHICAGO)  # already Friday in UTC
    assert en.date(late) == "Thursday, January 21, 2027"
    assert es.date(late) == "jueves, 21 de enero de 2027"


@pytest.mark.parametrize(
    ("clock", "english", "spanish"),
    [
        (time(18, 30), "6:30 pm", "6:30 p. m."),
        (time(10, 0), "10 am", "10 a. m."),
        (time(12, 0), "noon", "12 p. m."),
        (time(0, 0), "12 am", "12 a. m."),
        (time(12, 30), "12:30 pm", "12:30 p. m."),
        (time(0, 5), "12:05 am", "12:05 a. m."),
        (time(23, 59), "11:59 pm", "11:59 p. m."),
    ],
)
def test_times_keep_the_house_style(
    en: Language, es: Language, clock: time, english: str, spanish: str
) -> None:
    assert en.time(clock) == english
    assert es.time(clock) == spanish
    aware = datetime.combine(date(2027, 1, 21), clock, tzinfo=CHICAGO)
    assert en.time(aware) == english  # in the event's own zone, not converted


def test_weekdays_months_and_locales(en: Language, es: Language) -> None:
    assert [en.weekday(d) for d in ("monday", 6, date(2026, 12, 5))] == [
        "Monday", "Sunday", "Saturday"
    ]  # fmt: skip
    assert [es.weekday(d) for d in ("wednesday", 5)] == ["miércoles", "sábado"]
    assert en.month(date(2026, 12, 5)) == "December 2026"
    assert es.month(date(2026, 12, 5)) == "diciembre de 2026"
    assert (en.og_locale("en"), en.og_locale("es")) == ("en_US", "es_US")
    assert (en.language_name("en"), en.language_name("es")) == ("English", "Español")


def weekly(day: str, clock: time, interval: int = 1) -> Schedule:
    return Schedule("week", day, clock, interval=interval, starting=date(2027, 1, 7))


def monthly(week: str, day: str, clock: time, interval: int = 1) -> Schedule:
    return Schedule("month", day, clock, week=week, interval=interval)


@pytest.mark.parametrize(
    ("schedule", "english", "spanish"),
    [
        (weekly("tuesday", time(18, 30)), "Every Tuesday, 6:30 pm", "Todos los martes, 6:30 p. m."),
        (weekly("saturday", time(10, 0)), "Every Saturday, 10 am", "Todos los sábados, 10 a. m."),
        (weekly("sunday", time(12, 0)), "Every Sunday, noon", "Todos los domingos, 12 p. m."),
        (weekly("thursday", time(18, 0), 2), "Every 2 weeks on Thursday, 6 pm",
         "Cada 2 semanas, el jueves, 6 p. m."),
        (monthly("1", "monday", time(19, 0)), "The first Monday of every month, 7 pm",
         "El primer lunes de cada mes, 7 p. m."),
        (monthly("2", "tuesday", time(18, 30)), "The second Tuesday of every month, 6:30 pm",
         "El segundo martes de cada mes, 6:30 p. m."),
        (monthly("3", "wednesday", time(12, 30)),
         "The third Wednesday of every month, 12:30 pm",
         "El tercer miércoles de cada mes, 12:30 p. m."),
        (monthly("4", "friday", time(17, 0)), "The fourth Friday of every month, 5 pm",
         "El cuarto viernes de cada mes, 5 p. m."),
        (monthly("last", "saturday", time(9, 0)), "The last Saturday of every month, 9 am",
         "El último sábado de cada mes, 9 a. m."),
        (monthly("1", "monday", time(19, 0), 3), "The first Monday of every 3 months, 7 pm",
         "El primer lunes de cada 3 meses, 7 p. m."),
    ],
)  # fmt: skip
def test_schedules_in_words(
    en: Language, es: Language, schedule: Schedule, english: str, spanish: str
) -> None:
    assert en.schedule(schedule) == english
    assert es.schedule(schedule) == spanish


def test_the_chain_ends_at_the_default_language() -> None:
    assert fallback_chain("en", "es") == ("en", "es")
    assert fallback_chain("es", "es") == ("es",)
    found = {"es": "original"}
    assert first_in(fallback_chain("en", "es"), found.get) == ("es", "original")
    assert first_in(("fr",), found.get) is None


def test_a_spanish_default_site_falls_back_to_spanish_not_english() -> None:
    catalogs = {
        "es": {"welcome": "Bienvenidos", "only_spanish": "Solo en español",
               "locale_noon": "mediodía", "locale_pm": "p. m."},
        "en": {"welcome": "Welcome"},
    }  # fmt: skip
    english = Strings(Language(catalogs, "en", "es"))
    assert english.welcome == "Welcome" and english.only_spanish == "Solo en español"
    assert english.get("nowhere", "given") == "given"
    with pytest.raises(jinja2.UndefinedError, match=r"'nowhere' for language 'en'.*'es'"):
        english.nowhere  # noqa: B018
    # the house style of a language is its own: English gets CLDR's, not the Spanish words
    assert Language(catalogs, "en", "es").time(time(12, 0)) == "12:00\u202fPM"
    assert Language(catalogs, "es", "es").time(time(12, 0)) == "mediodía"


SPANISH_FIRST = {
    "content/site.yaml": """\
        name: Test Program
        disclaimer: Paid for by Test Program (example.org).
        role_email_domains: [example.org]
        languages: [es, en]
        theme: solo
        """,
    "themes/solo/theme.yaml": """\
        name: solo
        extends: default
        strings:
          es:
            only_spanish: Solo en español
        """,
    "content/testland/_templates/page.html": """\
        {% extends "default:page.html" %}
        {% block main %}<p class="probe">{{ t.only_spanish }}</p>{{ super() }}{% endblock %}
        """,
    "content/testland/pages/about.md": "---\ntitle: Acerca de\n---\nHola a todos.\n",
    "content/testland/communities/dane.md": """\
        ---
        title: Dane
        counties: [Dane]
        schedule: {every: week, weekday: saturday, time: "10:00"}
        ---
        Nos reunimos cada semana.
        """,
}


def test_a_site_whose_default_is_spanish(tmp_site) -> None:
    root: Path = tmp_site(SPANISH_FIRST)
    result = build_site(root)
    assert result.exit_code == 0, result.output
    site = root / "public/testland"
    english = (site / "en/about/index.html").read_text()
    assert '<p class="probe">Solo en español</p>' in english  # interface text falls back
    assert "This page has not been translated yet." in english
    assert '<div class="prose" lang="es"><p>Hola a todos.</p>' in english  # and content
    spanish = (site / "about/index.html").read_text()
    assert "<p>Hola a todos.</p>" in spanish and "traducida" not in spanish
    community = (site / "en/communities/dane/index.html").read_text()
    assert "Every Saturday, 10 am" in community  # the page's language for dates
    assert "Todos los sábados, 10 a. m." in (site / "communities/dane/index.html").read_text()
    calendar = (site / "communities/dane/calendar.ics").read_text()
    assert "DESCRIPTION:Todos los sábados\\, 10 a. m." in calendar  # the default language


FRENCH = """\
name: francais
extends: default
strings:
  fr:
    locale_name: Français
    upcoming_events: Prochains événements
    schedule_weekly: "Tous les {weekday}s, {time}"
    schedule_monthly: "Le {ordinal} {weekday} de chaque mois, {time}"
    ordinal_2: deuxième
"""


def test_a_third_language_is_only_a_catalog(tmp_path: Path) -> None:
    write_files(tmp_path, {"themes/francais/theme.yaml": FRENCH})
    theme, problems = load_theme("francais", tmp_path)
    assert problems == [] and theme is not None
    fr = Language(theme.strings, "fr", "en")
    assert fr.date(date(2026, 12, 5)) == "samedi 5 décembre 2026"
    assert fr.time(time(18, 30)) == "18:30" and fr.time(time(12, 0)) == "12:00"  # CLDR's
    assert fr.month(date(2026, 12, 5)) == "décembre 2026"
    assert fr.schedule(weekly("tuesday", time(18, 30))) == "Tous les mardis, 18:30"
    second = monthly("2", "tuesday", time(9, 0))
    assert fr.schedule(second) == "Le deuxième mardi de chaque mois, 09:00"
    assert (fr.language_name("fr"), fr.og_locale("fr")) == ("Français", "fr")
    env = jinja2.Environment(autoescape=True)
    env.filters.update(FILTERS)
    page = env.from_string(
        "{{ t.upcoming_events }} · {{ t.where }}: {{ day|date }}, {{ day|time }} {{ day|zone }}"
        " · {{ 'friday'|weekday }} · {{ schedule|schedule }} · {{ 'fr'|language_name }}"
    )
    text = page.render(
        t=Strings(fr), day=datetime(2026, 12, 5, 10, 0, tzinfo=CHICAGO), schedule=second
    )
    assert text == (  # a text French lacks comes from English, the default
        "Prochains événements · Where: samedi 5 décembre 2026, 10:00 CST"
        " · vendredi · Le deuxième mardi de chaque mois, 09:00 · Français"
    )


def test_a_french_site_is_settings_and_a_catalog(tmp_site) -> None:
    """A third language for a whole site: listed in site.yaml, translated pages, and the
    theme's catalog; no code."""
    root: Path = tmp_site({
        "content/site.yaml": """\
            name: Test Program
            disclaimer: Paid for by Test Program (example.org).
            role_email_domains: [example.org]
            languages: [en, fr]
            theme: francais
            """,
        "themes/francais/theme.yaml": FRENCH,
        "content/testland/index.fr.md": "---\ntitle: Testland en français\n---\nBonjour.\n",
        "content/testland/communities/dane.md": """\
            ---
            title: Dane
            counties: [Dane]
            schedule: {every: month, week: "2", weekday: tuesday, time: "09:00"}
            ---
            We meet every month.
            """,
    })
    result = build_site(root)
    assert result.exit_code == 0, result.output
    site = root / "public/testland"
    home = (site / "fr/index.html").read_text()
    assert '<html lang="fr"' in home and "Testland en français" in home
    community = (site / "fr/communities/dane/index.html").read_text()
    assert "Le deuxième mardi de chaque mois, 09:00" in community
    assert "The second Tuesday of every month, 9 am" in (site / "communities/dane/index.html"
                                                          ).read_text()  # fmt: skip


def test_a_language_unknown_to_cldr_is_an_error_at_its_line(tmp_site) -> None:
    root: Path = tmp_site({"content/site.yaml": """\
        name: Test Program
        disclaimer: Paid for by Test Program (example.org).
        role_email_domains: [example.org]
        languages: [en, espanol]
        """})
    result = check_site(root)
    assert result.exit_code == 1
    assert "site.yaml:4: error: 'languages[2]': 'espanol' is not a language code" in result.output


def test_a_wrong_starting_date_is_answered_with_dates_that_fit(tmp_site) -> None:
    community = """\
        ---
        title: Madison East
        counties: [Dane]
        schedule: {every: week, weekday: thursday, interval: 2, time: "18:30",
                   starting: 2027-01-05}
        ---
        """
    root: Path = tmp_site({"content/testland/communities/madison-east.md": community})
    result = check_site(root)
    assert result.exit_code == 1
    assert "error: no meeting falls on 2027-01-05" in result.output
    assert "hint: pick a date that fits the schedule, like 2027-01-07 or 2027-01-21" in (
        result.output
    )
