// catalog-gen: files arrive with the foundation work.
