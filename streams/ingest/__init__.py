"""Reading articles: files, directories, JSON Lines, stdin and RSS/Atom feeds into RawArticles,
and publishing them to the raw topic (the `ingest` command itself is `streams.cli.ingest`)."""
