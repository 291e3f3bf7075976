"""The Faust worker: the app, its delivery loop around `process_record`, and its metrics monitor."""
