"""GitHub Flavored Markdown's additions, as hubgen's Markdown converter takes them.

What organizers paste from GitHub should read on a hub page as it did there:
strikethrough, bare web addresses, backslash line breaks
(:mod:`hubgen.gfminline`), Markdown between HTML blocks
(:mod:`hubgen.htmlblocks`) and footnotes (Python-Markdown's extension, with
GitHub's ids and numbering). Task lists are :class:`hubgen.markdown.TaskItems`;
tables are Python-Markdown's.
"""

from __future__ import annotations

import markdown as md
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension

from hubgen.gfminline import GithubInline
from hubgen.htmlblocks import HtmlBlocks

# ids like GitHub's (fn-1, fnref-1), notes numbered in the order the text refers to them
FOOTNOTES: dict[str, object] = {"SEPARATOR": "-", "USE_DEFINITION_ORDER": False}


class GithubMarkdown(Extension):
    """The three extensions at once, each registered with Python-Markdown (so ``reset``
    clears the footnotes of the document before)."""

    def extendMarkdown(self, md_instance: md.Markdown) -> None:
        extensions = [GithubInline(), HtmlBlocks(), FootnoteExtension(**FOOTNOTES)]
        md_instance.registerExtensions(extensions, {})
