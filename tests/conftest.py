"""Settings for the whole suite."""

from hypothesis import HealthCheck, settings

# Property tests run on a 2-core machine shared by two pytest workers, a browser and the local cloud: how
# fast their inputs are generated says nothing about the code, so generation speed and per-example
# deadlines are not checked (the examples and their assertions are the same).
settings.register_profile("shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared-machine")
