// switchboard-bench: files arrive with the foundation work.
