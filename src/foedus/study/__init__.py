"""Run a scenario: the Simulation estimator, its typed results, intervals and survival curves."""
