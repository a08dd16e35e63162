"""The record: its pydantic model, vocabularies, partial dates, countries and languages, ids,
names, field paths and the forgiving-input rules. Pure: no files, no git, no terminal."""
