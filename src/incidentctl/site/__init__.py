"""The static public site (``incidentctl site OUT``): pages, feed and an offline search index."""
