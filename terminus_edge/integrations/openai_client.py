"""A minimal OpenAI-compatible chat-completions client (httpx): bounded retries, one-line errors."""

from __future__ import annotations

import json
import time

import httpx

from terminus_edge.errors import TerminusError

RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER_S = 60.0  # a longer Retry-After is not waited out: the error says what the endpoint asked for


class EndpointError(TerminusError):
    """The main agent's endpoint failed (HTTP error, timeout, unreadable answer)."""


def completions_url(endpoint: str) -> str:
    """'http://host:8000/v1' → '…/v1/chat/completions'; a full …/chat/completions URL is kept."""
    endpoint = endpoint.rstrip("/")
    if not endpoint.startswith(("http://", "https://")):
        raise EndpointError(f"endpoint must be an http(s) URL, got {endpoint!r}")
    return endpoint if endpoint.endswith("/chat/completions") else endpoint + "/chat/completions"


class ChatClient:
    def __init__(self, endpoint: str, model: str, *, api_key: str | None = None, timeout_s: float = 120.0,
                 retries: int = 2, backoff_s: float = 1.0, transport: httpx.BaseTransport | None = None):
        self.url, self.model = completions_url(endpoint), model
        self.retries, self.backoff_s = retries, backoff_s
        headers = {"Authorization": f"Bearer {_header_safe(api_key)}"} if api_key else {}
        self._http = httpx.Client(timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
                                  headers=headers, transport=transport)

    def close(self) -> None:
        self._http.close()

    def complete(self, messages: list[dict], tools: list[dict]) -> tuple[dict, dict]:
        """One chat completion: (the assistant message, the usage dict or {})."""
        body = _utf8_json({"model": self.model, "messages": messages, "tools": tools, "temperature": 0})
        last, wait_s = "", 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(max(wait_s, self.backoff_s * 2 ** (attempt - 1)))
            wait_s = 0.0
            try:
                response = self._post(body)
            except httpx.TimeoutException:
                last = f"no answer from {self.url} within {self._http.timeout.read:g} s"
                continue
            except httpx.HTTPError as error:
                last = f"cannot reach {self.url}: {error}"
                continue
            if response.status_code in RETRY_STATUS:
                last = f"{self.url} answered HTTP {response.status_code}: {_error_text(response)}"
                wait_s = _retry_after(response)
                if wait_s > MAX_RETRY_AFTER_S:
                    raise EndpointError(f"{last} (it asks to retry after {wait_s:g} s)")
                continue
            if response.status_code >= 400:
                raise EndpointError(f"{self.url} answered HTTP {response.status_code}: {_error_text(response)}")
            return _message(response, self.url)
        raise EndpointError(f"{last} (gave up after {self.retries + 1} tries)")


    def _post(self, body: bytes) -> httpx.Response:
        """One request, its whole answer read within the timeout: httpx's read timeout is per read, so an endpoint
        trickling its answer a byte at a time was waited on for ever."""
        deadline = time.monotonic() + self._http.timeout.read
        json_body = {"Content-Type": "application/json"}
        with self._http.stream("POST", self.url, content=body, headers=json_body) as streamed:
            chunks = []
            for chunk in streamed.iter_bytes():  # decoded: the copy below carries no Content-Encoding
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the answer did not end in time", request=streamed.request)
        headers = [(k, v) for k, v in streamed.headers.items() if k.lower() not in _BODY_FRAMING]
        return httpx.Response(streamed.status_code, headers=headers, content=b"".join(chunks), request=streamed.request)


_BODY_FRAMING = ("content-encoding", "content-length", "transfer-encoding")


def _header_safe(api_key: str) -> str:
    """The key as an Authorization header carries it: a pasted key's surrounding whitespace dropped; one with
    characters no header may hold is refused in one line that does not show it."""
    key = api_key.strip()
    if not key.isascii() or not key.isprintable():
        raise EndpointError("the API key holds characters an HTTP header cannot carry (not printable ASCII); "
                            "check the variable --api-key-env names")
    return key


def _utf8_json(body: dict) -> bytes:
    """The request body as UTF-8 JSON. A lone surrogate (a task's non-UTF-8 argv byte, half an emoji an endpoint
    sent back) has no UTF-8 form: it goes as U+FFFD, and valid pairs as the character they make."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").encode("utf-8")


def _retry_after(response: httpx.Response) -> float:
    """Seconds the endpoint asks us to wait (Retry-After in seconds; an HTTP date or junk counts as 0)."""
    try:
        return max(0.0, float(response.headers.get("retry-after", "0")))
    except ValueError:
        return 0.0


def _error_text(response: httpx.Response) -> str:
    try:
        error = response.json().get("error")
        text = error.get("message") if isinstance(error, dict) else error
    except (ValueError, AttributeError):
        text = None
    from terminus_edge.terminal_text import shown  # printed on the user's terminal: no control sequence acts there

    return shown(str(text or response.text or response.reason_phrase)[:300])


def _message(response: httpx.Response, url: str) -> tuple[dict, dict]:
    try:
        data = response.json()
        message = data["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise EndpointError(f"{url} sent no chat completion: {response.text[:200]!r}") from None
    if not isinstance(message, dict):
        raise EndpointError(f"{url} sent a malformed message: {message!r:.200}")
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    return message, usage
