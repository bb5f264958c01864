"""`python -m attrib.cli`: the same as the `attrib` command."""

from attrib.cli import main

main()
