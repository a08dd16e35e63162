"""Answers as file formats (plain text, Markdown, CSV, HTML) with untrusted text escaped.
Terminal output (Rich) lives in the CLI, not here."""
