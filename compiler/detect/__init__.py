"""The embedded detection engine: the corpus's rules and indicators run over logs and files.

`formats` tells a file's format from its content; `sources` reads collections (plain, gzip, zip) into
sources the engine can query; `sigmasql` converts Sigma rules to SQL (pySigma's DuckDB and Databricks
backends, with our pipeline per log source); `plan` turns the corpus into one detection plan (rules,
indicator value tables, YARA); `engine` runs a plan with DuckDB in process (files get YARA, hashes and
their path there too) and `locate` finds the lines of its matches; `sparkplan` writes the same plan as
Spark SQL and `lake` the rows a lake would hold. `evidence` and `prove` hold the evidence corpus and the
proof that every rule fires on its samples and stays quiet on the baseline.
"""
