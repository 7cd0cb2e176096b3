"""Rasa SDK custom actions: thin adapters between a tracker and the `bot` core."""
