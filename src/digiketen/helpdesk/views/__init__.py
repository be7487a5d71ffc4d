"""The help point's pages, one module per capability: registering visits and their set-up
(visits), the visitor's survey (survey), figures and signals (figures), follow-up appointments
(appointments)."""
