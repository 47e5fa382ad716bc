"""The benchmark: synthetic corpora and the timings the issues set targets for."""
