"""GitHub Flavored Markdown's additions, as hubgen's Markdown converter takes them.

What organizers paste from GitHub should read on a hub page as it did there:
strikethrough, bare web addresses, backslash line breaks
(:mod:`hubgen.markup.gfminline`), Markdown between HTML blocks
(:mod:`hubgen.markup.htmlblocks`) and footnotes (Python-Markdown's extension, with
GitHub's ids and numbering). Task lists are :class:`hubgen.markup.markdown.TaskItems`;
tables are Python-Markdown's.
"""

from __future__ import annotations

import markdown as md
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension

from hubgen.markup.gfminline import GithubInline
from hubgen.markup.htmlblocks import HtmlBlocks

# ids like GitHub's (fn-1, fnref-1), notes numbered in the order the text refers to them
FOOTNOTES: dict[str, object] = {"SEPARATOR": "-", "USE_DEFINITION_ORDER": False}
# the title of a note's link back to where the text refers to it, in the text's language
BACK_TO_TEXT = {"en": "Back to note {} in the text", "es": "Volver a la nota {} en el texto"}


class GithubMarkdown(Extension):
    """The three extensions at once, each registered with Python-Markdown (so ``reset``
    clears the footnotes of the document before)."""

    def __init__(self) -> None:
        super().__init__()
        self.footnotes = FootnoteExtension(**FOOTNOTES)

    def extendMarkdown(self, md_instance: md.Markdown) -> None:
        extensions = [GithubInline(), HtmlBlocks(), self.footnotes]
        md_instance.registerExtensions(extensions, {})

    def speak(self, lang: str) -> None:
        """Say what hubgen adds to the text (the notes' back links) in ``lang``."""
        title = BACK_TO_TEXT.get(lang, BACK_TO_TEXT["en"])
        self.footnotes.setConfig("BACKLINK_TITLE", title)
