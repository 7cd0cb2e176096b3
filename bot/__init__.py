"""Plain-Python core of the community safety assistant. Knows nothing of Rasa."""
