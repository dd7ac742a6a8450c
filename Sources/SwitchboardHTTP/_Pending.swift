// SwitchboardHTTP: files arrive with the foundation work.
