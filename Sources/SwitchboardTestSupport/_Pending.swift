// SwitchboardTestSupport: files arrive with the foundation work.
