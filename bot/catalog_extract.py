"""pybabel extractor for the YAML content files (responses, country notes, texts.yml).

Configured in babel.cfg; `pybabel extract -F babel.cfg` runs it. The option `keys` names the
YAML keys whose string values are texts a person sees ("*" takes every string value).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml


def _walk(node: yaml.Node, keys: set[str], key: str | None) -> Iterator[tuple[int, str]]:
    if isinstance(node, yaml.ScalarNode):
        wanted = key is not None and ("*" in keys or key in keys)
        if wanted and node.tag.endswith(":str") and node.value.strip():
            yield node.start_mark.line + 1, node.value
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, keys, key)
    elif isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            yield from _walk(value, keys, str(name.value))


def extract_yaml(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, str]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, function, message, comments) for each translatable YAML string."""
    keys = set(options.get("keys", "text title").split())
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    for line, message in _walk(root, keys, None):
        yield line, None, message, []
