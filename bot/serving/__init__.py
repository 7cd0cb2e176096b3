"""Running the assistant's processes: the embedded and production profiles, their supervisor."""
