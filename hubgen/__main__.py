"""python -m hubgen"""

from hubgen.cli.launch import main

main()
