"""The staff side of feedback: the inbox, a submission's page and what staff do with it (answer,
status, hide, extend, transfer), the CSV export; through tthc.feedback.service only."""
