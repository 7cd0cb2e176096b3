"""Installed in the Rasa server process by the channels: the action-server guard, heap freeze."""
