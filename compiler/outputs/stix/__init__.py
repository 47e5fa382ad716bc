"""STIX 2.1 objects, versioned by content, for the `stix` emitter, the MISP feed and TAXII publishing.

The hot path builds plain dicts and serialises them with orjson; the stix2 library and the OASIS
validator check the result in the tests. Modules: common (identity, TLP 2.0 markings, timestamps,
fast deterministic ids), patterns (STIX patterns and observables by construction), graph (the corpus
as STIX objects), lock (versioning by content), bundle (TLP-filtered bundles), taxii (publishing).
"""
