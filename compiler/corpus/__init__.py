"""The corpus: YAML read with its source positions, the vocabularies, canonical values and the frozen model."""
