"""The languages residents write in: identifying them, and the words they read in each."""
