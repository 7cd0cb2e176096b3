"""Loading of the YAML files that people maintain, with errors that name the file and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


class DataError(ValueError):
    """A maintained data file is missing, unreadable or breaks its schema."""


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise DataError(f"{path}: {error}") from error


def load_model(path: Path, model: type[Model]) -> Model:
    """Read `path` and validate it against `model`; the error says which file and which field."""
    return parse_model(path, read_yaml(path), model)


def parse_model(path: Path, data: Any, model: type[Model]) -> Model:
    """Validate `data`, read from `path` (and perhaps translated), against `model`."""
    try:
        return model.parse_obj(data)
    except ValidationError as error:
        raise DataError(f"{path} does not match its schema:\n{error}") from error
