"""Courses: programmes, runs and their sessions, sign-up requests, the waiting list,
attendance, certificates and the self-assessment of skills."""
