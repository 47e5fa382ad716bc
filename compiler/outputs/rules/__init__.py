"""Helpers shared by the rule emitters: what is live, escaping per rule language, our Sigma pipelines,
the SigmaHQ validators we run, and the reviewed configuration under config/."""
