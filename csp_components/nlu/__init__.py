"""NLU graph components: the intent classifier, FAQ selector, danger override and language."""
