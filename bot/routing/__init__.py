"""Routing: the directory of doors, what a resident is told, opening hours, keeping it true."""
