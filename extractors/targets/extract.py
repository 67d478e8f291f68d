"""Placeholder until the target grammar lands: no targets yet (issue 3 is open)."""


def extract_targets(text, plan, meta):
    return []
