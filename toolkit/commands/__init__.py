"""Click command groups; each module exposes ``register(group)``."""
