"""`iocc scan`: the detection plan run over logs and files collected from Exchange servers.

`collection` tells which server each collected file comes from (docs/SCAN.md describes the layout) and
hands the files to compiler.detect.sources; `run` makes the plan, runs the engine and turns its matches
into findings (`findings`), each with the step-3 triage hint that applies (`triage`); `render` writes
them as text, JSON, CSV or SARIF, `report` as the report a partner hands to a customer (German and
English, Markdown and HTML). Nothing here writes into the collection.
"""
