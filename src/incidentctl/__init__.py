"""incidentctl: human-rights incidents kept as flat YAML files in git."""

__version__ = "0.1.0"
