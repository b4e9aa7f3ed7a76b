"""Placeholder: being written (action learning groups and meetings)."""
