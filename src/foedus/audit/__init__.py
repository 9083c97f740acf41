"""Claim audit: which claims of an article decide which settlement design ranks best."""
