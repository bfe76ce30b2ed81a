"""`python -m manualwatch` runs the CLI."""

from manualwatch.cli import main

main()
