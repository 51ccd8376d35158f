"""The JSON Schema of a configuration file, installed as ``co_lint.schemas``."""

from pathlib import Path

SCHEMA_PATH = Path(__file__).with_name("configuration.schema.json")
