"""Records as files: finding the data set, listing and reading record files through the YAML
guard, the canonical writer, round-trip edits that keep comments, and atomic writes."""
