"""The interactive wargame: a player takes decisions the model would otherwise draw."""
