"""Settings of the throughput benchmark (``bench/throughput.py``): the portal's own settings,
with a URL conf that adds a hello-world view (and a bare catalog view) to the portal's URL
patterns, so that they run through exactly the same middleware as every page. Never used
outside the benchmark."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The bare catalog view's template (bench/templates/), after the project's own.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
