"""Load and validate: YAML with positions, the JSON Schemas, the cross-file rules."""
