"""Staff accounts: signing in (Flask-Login with the site's throttles and session rules),
passwords, the admin's pages of accounts and of the audit log, and `flask staff`."""
