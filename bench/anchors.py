"""The anchor generators, driven through the external ``anchors.sh`` script.

``anchors.sh prepare CORPUS SSG...`` lays the corpus out as one site folder per
generator and prints ``prepared SITE`` for each; ``anchors.sh build SSG SITE``
moves the old output and caches into the script's trash folder and then execs
the generator, so the measured process is the generator itself;
``anchors.sh verify SSG SITE CORPUS`` checks the pages it made.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SSGS = ("hugo", "jekyll", "eleventy", "pelican", "mkdocs")
NAMES = {
    "hubgen": "hubgen",
    "hugo": "Hugo",
    "jekyll": "Jekyll",
    "eleventy": "Eleventy",
    "pelican": "Pelican",
    "mkdocs": "MkDocs",
}


@dataclass(frozen=True)
class Anchors:
    script: Path

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(self.script), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )

    def versions(self) -> list[str]:
        """The script's ``versions`` lines (empty when it fails)."""
        done = self._run("versions")
        return done.stdout.splitlines() if done.returncode == 0 else []

    def prepare(self, corpus: Path, ssgs: list[str]) -> dict[str, Path]:
        """Lay ``corpus`` out for each generator; return each one's site folder."""
        done = self._run("prepare", str(corpus), *ssgs)
        if done.returncode != 0:
            raise SystemExit(f"anchors.sh prepare failed:\n{done.stdout}{done.stderr}")
        sites = [
            Path(line.removeprefix("prepared "))
            for line in done.stdout.splitlines()
            if line.startswith("prepared ")
        ]
        if len(sites) != len(ssgs):
            raise SystemExit(f"anchors.sh prepare named {len(sites)} sites for {len(ssgs)}")
        return dict(zip(ssgs, sites, strict=True))

    def build_command(self, ssg: str, site: Path) -> list[str]:
        return ["bash", str(self.script), "build", ssg, str(site)]

    @staticmethod
    def empty_trash(site: Path) -> None:
        """Delete what earlier builds moved away (``$ANCHORS/trash``, next to ``sites/``)."""
        trash = site.parent.parent / "trash"
        shutil.rmtree(trash, ignore_errors=True)
        trash.mkdir(parents=True, exist_ok=True)

    def verify(self, ssg: str, site: Path, corpus: Path) -> tuple[bool, str]:
        done = self._run("verify", ssg, str(site), str(corpus))
        line = (done.stdout + done.stderr).strip() or f"FAIL {ssg}: no answer from verify"
        return done.returncode == 0, line
