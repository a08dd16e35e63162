"""``python -m incidentctl``."""

from incidentctl.cli.app import main

main()
