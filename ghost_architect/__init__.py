"""Ghost Architect: Trinity fine-tuning of Gemma 3 and screenshot-to-SQL-schema inference."""

__version__ = "0.1.0"
