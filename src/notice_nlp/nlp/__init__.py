"""Stage 1: text -> spaCy Doc with domain entities and document fields."""
