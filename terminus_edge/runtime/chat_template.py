"""Render a bundle's chat_template.jinja the way Hugging Face tokenizers do, with jinja2 only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from terminus_edge.errors import TerminusError


class TemplateError(TerminusError):
    """The chat template raised (raise_exception) or could not be parsed."""


def _raise_exception(message: str):
    raise TemplateError(f"chat template: {message}")


def _tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    # Templates written for transformers expect non-ASCII kept as is (transformers' tojson does the same).
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


class ChatTemplate:
    def __init__(self, source: str, special_tokens: dict[str, str] | None = None):
        env = ImmutableSandboxedEnvironment(
            trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"]
        )
        env.filters["tojson"] = _tojson
        env.globals["raise_exception"] = _raise_exception
        env.globals["strftime_now"] = _strftime_now
        try:
            self._template = env.from_string(source)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"chat template does not parse (line {error.lineno}): {error.message}") from None
        self.special_tokens = dict(special_tokens or {})

    def render(
        self,
        messages: Sequence[dict],
        *,
        add_generation_prompt: bool = True,
        tools: Sequence[dict] | None = None,
        **extra,
    ) -> str:
        context = {**self.special_tokens, **extra}
        try:
            return self._template.render(
                messages=list(messages), add_generation_prompt=add_generation_prompt, tools=tools, **context
            )
        except TemplateError:
            raise
        except jinja2.TemplateError as error:
            raise TemplateError(f"chat template failed: {error}") from None
