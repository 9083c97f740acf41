"""Fits of the model's mechanisms to the data that measure them (ladder, recurrence, honouring)."""
