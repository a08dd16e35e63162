"""Answers computed from records: the report, people, timeline, history and field diffs, and
the public view (``--public`` name withholding)."""
