"""Rasa NLU graph components of the project (thin adapters to the `bot` core)."""
