"""Settings for the whole suite.

Hypothesis runs without a per-example deadline: the suite runs on shared 2-core machines under
load, where one slow example says nothing about the code (a timing failure there is noise, and
it failed CI once). Speed is measured in ``benchmarks/``, not asserted per example.
"""

from hypothesis import settings

settings.register_profile("incidentctl", deadline=None)
settings.load_profile("incidentctl")
