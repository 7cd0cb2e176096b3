"""Chat intake: the input rules and rate limits every chat request passes before it is read."""
