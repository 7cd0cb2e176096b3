"""Tracker stores that keep conversations redacted and let them expire."""
