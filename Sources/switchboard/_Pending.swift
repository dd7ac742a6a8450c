// switchboard: files arrive with the foundation work.
