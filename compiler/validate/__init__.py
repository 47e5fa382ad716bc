"""Validation: the schema owns shape, the checks own meaning. Both only report; neither changes data."""
