// tests arrive with the foundation work.
