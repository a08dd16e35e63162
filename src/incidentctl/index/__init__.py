"""The derived search index (SQLite + FTS5 under ``.incidentctl/``): built from the files,
rebuilt when stale or damaged, never needed for a correct answer. ``catalog`` is the one entry
point reading commands use."""
