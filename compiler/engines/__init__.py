"""The rule languages' own engines, shared by validation and the rule outputs."""
