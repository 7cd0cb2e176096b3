"""The deterministic danger check ("999 first"), beside the NLU model."""
