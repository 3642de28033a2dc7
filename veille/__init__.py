"""veille: news reports to source-linked political event data (PLOVER, CAMEO-compatible)."""

__all__ = ["__version__", "CODER_VERSION"]

__version__ = "0.1.0"
#: Identifies the rules that produced an event; stored on every record.
CODER_VERSION = f"veille-rules/{__version__}"
