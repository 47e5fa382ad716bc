"""The MISP feed: one event per advisory (and TLP level), built with PyMISP, versioned like the STIX objects."""
