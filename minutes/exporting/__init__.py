"""The minutes out: a print page, PDF and Word (see documents.py)."""
