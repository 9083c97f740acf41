"""Negotiation: where would a settlement land? The expected-utility group decision model."""
