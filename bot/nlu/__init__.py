"""Building the NLU: the project's spaCy pipeline, the intent model and its training data."""
