"""The command line: parses options, calls the core, renders. No logic of its own."""
