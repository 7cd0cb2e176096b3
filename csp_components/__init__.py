"""The project's Rasa plug-ins, thin adapters to the `bot` core: one subpackage per kind."""
