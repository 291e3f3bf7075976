"""Downstream contracts: JSON Schema and AsyncAPI generated from the models and the topic table,
and the compatibility guard that keeps released schemas from breaking (schemas/README.md)."""
