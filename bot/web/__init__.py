"""The web server on port 8080: the demo council page with the chat widget, and the officers'
dashboard. Plain Flask, served by waitress; it knows nothing of Rasa beyond the chat address it
hands to the widget."""
