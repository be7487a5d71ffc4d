"""Pages of the applications app, one module per capability: the resident's side (`public`),
the staff's list and desk (`staff`), eligibility and the waiting list (`queue`), pickup times
(`pickup`), handover, returns and cash (`handover`), home internet, letters and calls, and the
rules."""
