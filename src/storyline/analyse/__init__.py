"""Analysis stages: redundancy groups (and, later, attribution, quotes, claims, entities, time)."""
