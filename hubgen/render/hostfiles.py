"""What a static host reads beside the pages: the security policy, ``_headers``, ``_redirects``.

Every site hubgen writes (each state's, and the national landing page at the
top of the output) gets a ``_headers`` file (Netlify and Cloudflare Pages
syntax) with a strict Content-Security-Policy, a Referrer-Policy,
``X-Content-Type-Options`` and a Permissions-Policy for all its addresses, and a
year of caching for its fingerprinted theme files and the search bundle's
content-hashed files, while the bundle's fixed-name files are revalidated on
every use (:func:`headers_file`); and a ``_redirects`` file
with a permanent redirect from every alias. Paths in both carry the site's base
path (``/az/old-name/``), so they hold at the site's own address.

The policy allows nothing but the site's own origin: its scripts, styles,
images and fetches; forms may also post to the program's ``form_hosts``, frames
come from its ``iframe_hosts`` (the only frames the sanitizer keeps), and images
from its ``image_hosts`` (the build refuses an image from any other site); the
search page may compile Pagefind's WebAssembly and show the data: icons of
Pagefind's stylesheet. Pages repeat the policy in a ``<meta>`` tag for hosts
that send no headers (GitHub Pages), without ``frame-ancestors``, which only
works as a header.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hubgen.content.config import SiteConfig

REFERRER_POLICY = "strict-origin-when-cross-origin"
# no page uses the camera, the microphone or the visitor's location (the ZIP finder asks
# for a ZIP code), so every powerful feature is refused to the pages and to any frame
REFUSED_FEATURES = ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
                    "microphone", "payment", "usb")  # fmt: skip
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in REFUSED_FEATURES)
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # may be kept, but asked for again (a 304 when unchanged) on every use
# A Pagefind bundle (hubgen/build/search.py): its index and fragment folders and its
# ``pagefind.<lang>_<hash>.pf_meta`` files are named for their content, so they never change;
# the rest keep one name from build to build (the entry file, the scripts, the stylesheets,
# the WebAssembly of each language) and must never be kept across a rebuild, or an old
# script would look for index files that are gone. Host rules add up the headers of every
# rule a path matches, so these patterns never overlap.
SEARCH_CACHING = (
    ("fragment/*", LONG_CACHE),
    ("index/*", LONG_CACHE),
    ("pagefind.*.pf_meta", LONG_CACHE),
    ("pagefind.js", REVALIDATE),
    ("pagefind-*", REVALIDATE),
    ("wasm.*", REVALIDATE),
)


def content_policy(
    form_hosts: Iterable[str],
    search: bool,
    header: bool = True,
    frame_hosts: Iterable[str] = (),
    image_hosts: Iterable[str] = (),
) -> str:
    """The Content-Security-Policy: ``search`` for pages that run Pagefind (or a header
    that covers them); ``header=False`` for the ``<meta>`` tag; ``frame_hosts``, the hosts
    a body may embed (``iframe_hosts``), whose frames the sanitizer keeps; ``image_hosts``,
    the sites pages may show images from, over https only (the build refuses any other
    image from another site, so no page has an image its policy blocks)."""
    frames = " ".join(f"https://{host}" for host in frame_hosts)
    images = ["'self'", *(["data:"] if search else []), *(f"https://{h}" for h in image_hosts)]
    directives = [
        ("default-src", "'self'"),
        ("script-src", "'self' 'wasm-unsafe-eval'" if search else "'self'"),
        ("style-src", "'self'"),
        ("img-src", " ".join(images)),
        *([("frame-src", frames)] if frames else []),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        ("form-action", " ".join(["'self'", *(f"https://{host}" for host in form_hosts)])),
    ]
    if header:
        directives.append(("frame-ancestors", "'none'"))
    return "; ".join(f"{name} {value}" for name, value in directives)


def site_policy(program: SiteConfig, search: bool, header: bool = True) -> str:
    """:func:`content_policy` with the program's form, frame and image hosts (site.yaml)."""
    return content_policy(
        program.form_hosts, search, header, program.iframe_hosts, program.image_hosts
    )


def headers_file(
    base_path: str, policy: str, static_paths: Iterable[str], search_paths: Iterable[str] = ()
) -> str:
    """``_headers`` for a site at ``base_path``: the security headers on every address,
    long caching on the folders of fingerprinted files (``static_paths``, under the base
    path; a placeholder like ``:state/static/`` names one folder level), and on the hashed
    files of the search bundles in ``search_paths`` (like ``pagefind/``), whose fixed-name
    files are revalidated instead (:data:`SEARCH_CACHING`)."""
    lines = [
        "# Written by hubgen for Netlify and Cloudflare Pages; other hosts: see its README.",
        f"{base_path}*",
        f"  Content-Security-Policy: {policy}",
        f"  Referrer-Policy: {REFERRER_POLICY}",
        "  X-Content-Type-Options: nosniff",
        f"  Permissions-Policy: {PERMISSIONS_POLICY}",
        "# Theme files have their content's hash in their path: they never change.",
        "# Pages keep the host's own caching, revalidated on every visit.",
    ]
    for path in static_paths:
        lines += [f"{base_path}{path}*", f"  Cache-Control: {LONG_CACHE}"]
    search_paths = list(search_paths)
    if search_paths:
        lines.append("# Search files named for their content are kept; the others are asked again.")
    for path in search_paths:
        for pattern, caching in SEARCH_CACHING:
            lines += [f"{base_path}{path}{pattern}", f"  Cache-Control: {caching}"]
    return "\n".join(lines) + "\n"


def redirects_file(
    base_path: str, redirects: Mapping[str, str], languages: Iterable[str] = ()
) -> str:
    """``_redirects``: a permanent redirect from every alias (site-relative paths), in order,
    then for each language's folder (``languages``: 'es/') its own 404 page for any
    address it lacks. Netlify applies such a rule only where no file matches; Cloudflare
    Pages takes no 404 status in ``_redirects`` (the publish workflow leaves those lines out
    for it) and finds a folder's 404.html itself."""
    lines = ["# Written by hubgen: the aliases of this site (each also has a redirect page)."]
    for alias in sorted(redirects):
        source = base_path + alias.lstrip("/")
        lines.append(f"{source} {base_path + redirects[alias].lstrip('/')} 301")
    if languages:
        lines.append("# A missing page of another language: that language's page not found.")
    for folder in languages:
        lines.append(f"{base_path}{folder}* {base_path}{folder}404.html 404")
    return "\n".join(lines) + "\n"
