"""python -m hubgen"""

from hubgen.launch import main

main()
