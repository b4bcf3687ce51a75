"""`python -m glossary`: the command line without the terminal UI."""

from .cli import main

main()
