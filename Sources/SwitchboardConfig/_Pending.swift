// SwitchboardConfig: files arrive with the foundation work.
