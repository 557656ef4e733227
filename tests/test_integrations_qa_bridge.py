"""The bridge against endpoints that bend the OpenAI format: odd usage, content parts, half-formed tool calls."""

from __future__ import annotations

import json

import httpx

from terminus_edge.integrations.bridge import Bridge, TokenAccount
from terminus_edge.integrations.openai_client import ChatClient
from terminus_edge.integrations.toolkit import Toolkit


def scripted(replies: list[dict]):
    """A ChatClient whose endpoint answers `replies` in turn (each the assistant message, or a full body under
    'body'); the request bodies are recorded."""
    sent: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        reply = replies[min(len(sent), len(replies)) - 1]
        body = reply.get("body") or {"choices": [{"message": {"role": "assistant", **reply}}]}
        return httpx.Response(200, json=body)

    return ChatClient("http://agent.test/v1", "m", transport=httpx.MockTransport(handler), retries=0), sent


def bridge(client, tmp_path) -> Bridge:
    return Bridge(client, Toolkit(cwd=tmp_path, use_model=False, policy_mode="deny-all"))


def test_usage_that_is_not_a_count_is_ignored_not_a_crash(tmp_path, te_home):
    client, _ = scripted([{"body": {"choices": [{"message": {"role": "assistant", "content": "hi"}}],
                                    "usage": {"prompt_tokens": "abc", "completion_tokens": None}}}])
    agent = bridge(client, tmp_path)
    assert agent.send("hello") == "hi"
    assert agent.account.prompt_tokens == 0 and agent.account.answers == 1


def test_content_sent_as_text_parts_is_the_answer(tmp_path, te_home):
    client, _ = scripted([{"content": [{"type": "text", "text": "all "}, {"type": "image_url"}, {"type": "text",
                                                                                               "text": "green"}]}])
    assert bridge(client, tmp_path).send("status?") == "all green"


def test_half_formed_tool_calls_are_echoed_back_in_the_shape_strict_endpoints_accept(tmp_path, te_home):
    calls = [{"id": "c1", "type": "function", "function": {"name": "read_log", "arguments": {"id": 1}}},
             {"id": "c2"}, "junk", {"id": 7, "function": {"name": None, "arguments": None}}]
    client, sent = scripted([{"content": None, "tool_calls": calls}, {"content": "done"}])
    assert bridge(client, tmp_path).send("go") == "done"
    history = sent[1]["messages"]
    echoed = next(m for m in history if m["role"] == "assistant")["tool_calls"]
    assert len(echoed) == 4
    for call in echoed:
        assert isinstance(call["id"], str) and call["type"] == "function"
        assert isinstance(call["function"]["name"], str) and isinstance(call["function"]["arguments"], str)
        json.loads(call["function"]["arguments"])
    answers = [m for m in history if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in answers] == [c["id"] for c in echoed]
    assert all(m["content"].startswith("Error:") for m in answers[1:])


def test_the_token_account_never_reports_negative_savings():
    assert "tokens more than the raw outputs" in TokenAccount(raw=10, sent=162).report()
    assert "-" not in TokenAccount(raw=10, sent=162).report().split(";")[1]
    assert "(90.0% saved)" in TokenAccount(raw=1000, sent=100).report()


def test_retry_after_is_honoured_and_a_long_one_is_reported_not_waited():
    import time

    import pytest

    from terminus_edge.integrations.openai_client import EndpointError

    def endpoint(retry_after: str):
        calls: list[float] = []

        def handler(request):
            calls.append(time.monotonic())
            if len(calls) == 1:
                return httpx.Response(429, headers={"Retry-After": retry_after}, json={"error": {"message": "slow down"}})
            return httpx.Response(200, json={"choices": [{"message": {"role": "assistant", "content": "ok"}}]})

        return ChatClient("http://agent.test/v1", "m", transport=httpx.MockTransport(handler), retries=2,
                          backoff_s=0.01), calls

    client, calls = endpoint("1")
    assert client.complete([], [])[0]["content"] == "ok"
    assert calls[1] - calls[0] >= 0.9  # waited as asked, not the 0.01 s backoff
    client, calls = endpoint("junk")
    assert client.complete([], [])[0]["content"] == "ok"
    client, calls = endpoint("3600")
    with pytest.raises(EndpointError, match="HTTP 429: slow down .*retry after 3600 s"):
        client.complete([], [])
    assert len(calls) == 1
