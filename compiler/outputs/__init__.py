"""Outputs: one package or module per format, pure functions from the Corpus to artifacts.

`artifact` holds what every emitter returns, `registry` the one dict of emitters, `write` the only code
that touches dist/.
"""
