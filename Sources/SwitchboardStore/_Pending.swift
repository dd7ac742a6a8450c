// SwitchboardStore: files arrive with the SQLite work.
