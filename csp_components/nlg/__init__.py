"""Response generators: domain.yml's responses in the conversation's language."""
