"""baocao: quarterly socio-economic reporting for Vietnamese districts, checked end to end."""

__version__ = "0.1.0"
