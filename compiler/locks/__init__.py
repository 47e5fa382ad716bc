"""Content versions of published objects, kept in locks/: STIX and MISP versions, Suricata SIDs."""
