"""Observability: every metric name declared once, and the model behind `wirestream top`."""
