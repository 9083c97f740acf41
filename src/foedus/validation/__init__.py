"""Validation against the record: base rates, historical back-tests and calibration."""
