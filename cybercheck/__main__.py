"""`python -m cybercheck`."""

from cybercheck.cli import main

main()
