"""Set up Chromium for the browser tests where this machine allows it.

Run before the test suite by the README's test command. As root on a system
with apt-get it installs Debian's chromium; elsewhere it says plainly that the
browser tests will be skipped and why. It never downloads a browser itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def main() -> int:
    if shutil.which("chromium") or os.path.exists("/usr/bin/chromium"):
        return 0
    can_install = hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")
    if not can_install:
        print(
            "Chromium is not installed and cannot be installed here (this needs root and "
            "apt-get): the browser tests will be skipped. Install it with "
            "'apt-get install chromium' to run them.",
            file=sys.stderr,
        )
        return 0
    print("Installing Debian's chromium for the browser tests...", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
    )
    for step in steps:
        if subprocess.run(step, env=env, check=False).returncode != 0:
            print("Installing chromium failed: the browser tests will be skipped.", file=sys.stderr)
            return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
