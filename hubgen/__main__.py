"""python -m hubgen"""

from hubgen.cli import run

run()
