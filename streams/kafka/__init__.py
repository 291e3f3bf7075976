"""The Kafka shell: client settings, topic creation and the local development broker."""
