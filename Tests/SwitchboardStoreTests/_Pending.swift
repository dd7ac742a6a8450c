// tests arrive with the SQLite work.
