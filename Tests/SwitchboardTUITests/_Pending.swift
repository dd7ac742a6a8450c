// tests arrive with the workbench work.
