// SwitchboardTUI: files arrive with the workbench work.
