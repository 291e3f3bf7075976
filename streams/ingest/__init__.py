"""`wirestream ingest`: files, directories, JSON Lines, stdin and RSS/Atom feeds to Kafka."""
