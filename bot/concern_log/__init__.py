"""The anonymised concern log: what residents raise, where and when, and nobody's identity."""
