"""The built-in samples: one folder of definitions per sample (installed as ``toolkit.samples``)."""
