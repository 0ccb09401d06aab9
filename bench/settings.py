"""Settings of the throughput benchmark (``bench/throughput.py``): the portal's own settings,
with a URL conf that adds a hello-world view to the portal's URL patterns, so that the view
runs through exactly the same middleware as every page. Never used outside the benchmark."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
