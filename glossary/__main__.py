"""`python -m glossary`: the command line without the terminal UI."""

from glossary.cli import main

main()
