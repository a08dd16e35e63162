"""One module per command; each exposes ``register(app)`` and keeps only option parsing and rendering."""
