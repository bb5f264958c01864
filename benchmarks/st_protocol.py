"""A Streamlit session without a browser: the websocket at /_stcore/stream, protobuf messages.

A browser's Streamlit frontend opens the websocket `/_stcore/stream` (subprotocol
"streamlit"), sends a `BackMsg` whose `rerun_script` (a `ClientState`) names the page (its
URL path in `page_name`, or its `page_script_hash`) and the query string, and draws the
`ForwardMsg`s that come back: `new_session`, `navigation` (the app's pages), `delta`s (the
elements), up to `script_finished`. `ProtocolSession` does the same and keeps what a test
or a benchmark needs from them: the time from the `BackMsg` to the `script_finished` that
ends the run (a run cut short by `st.rerun` is followed by the next one), the text of the
elements (headings, Markdown, captions, alerts, code, labels) and the errors shown
(exception elements and `st.error` alerts). The load benchmark (`benchmarks/load_test.py`)
runs many of these at once; `tests/test_st_protocol.py` runs one against the real app.

Example:
    >>> async def front_page(url: str) -> ScriptRun:
    ...     async with ProtocolSession(url) as session:
    ...         return await session.run("")  # the default page
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

# A run cut short so that the script runs again (st.rerun, a widget change): not the end.
_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
_ALERT_ERROR = 1  # Alert.Format.ERROR
# The string fields that carry what a reader sees, in any element type.
_TEXT_FIELDS = ("body", "label", "code_text", "title", "message", "caption")


@dataclass
class ScriptRun:
    """What one rerun of a page sent back.

    Args:
        page: the page asked for (its URL path; "" is the default page).
        seconds: from sending the BackMsg to the script_finished that ended the run.
        status: the ScriptFinishedStatus name of that script_finished.
        texts: the visible text of every element, in the order they came.
        errors: exception elements ("Type: message") and st.error alerts.
        messages: ForwardMsgs received for the run.
        bytes: their size on the wire.
    """

    page: str
    seconds: float
    status: str
    texts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    bytes: int = 0

    def shows(self, text: str) -> bool:
        """Whether any element's text contains `text`."""
        return any(text in t for t in self.texts)


def element_texts(element: Any) -> tuple[list[str], list[str]]:
    """(texts, errors) of one Element proto: its visible strings, and what it reports as
    an error (an exception element, or an alert of format ERROR)."""
    kind = element.WhichOneof("type")
    if kind is None:
        return [], []
    inner = getattr(element, kind)
    texts = [
        value
        for name in _TEXT_FIELDS
        if name in inner.DESCRIPTOR.fields_by_name and (value := getattr(inner, name))
    ]
    errors: list[str] = []
    if kind == "exception":
        errors.append(f"{inner.type}: {inner.message}")
        texts.append(errors[-1])
    elif kind == "alert" and inner.format == _ALERT_ERROR:
        errors.append(inner.body)
    return texts, errors


class ProtocolSession:
    """One Streamlit session over its websocket, as a browser tab holds it.

    Args:
        url: the app's base URL, e.g. "http://127.0.0.1:8501".
        timeout: seconds a run may take before `run` raises TimeoutError.

    Example:
        >>> async def explore(url: str) -> bool:
        ...     async with ProtocolSession(url) as s:
        ...         run = await s.run("explore", "id=hafnium")
        ...         return not run.errors and run.shows("HAFNIUM")
    """

    def __init__(self, url: str, timeout: float = 120.0) -> None:
        self.ws_url = url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self.pages: dict[str, str] = {}  # url path -> page_script_hash (from `navigation`)
        self._ws: ClientConnection | None = None

    async def __aenter__(self) -> ProtocolSession:
        self._ws = await connect(
            self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=self.timeout
        )  # type: ignore[list-item]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def run(self, page: str, query: str = "") -> ScriptRun:
        """Rerun the script for `page` (its URL path, "" for the default page) with the
        query string `query` ("id=hafnium", no "?"), as a browser does on a page switch;
        return once the run has finished."""
        if self._ws is None:
            raise RuntimeError("ProtocolSession.run outside `async with`")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_name = page
        if page in self.pages:  # as the frontend does once it knows the app's pages
            state.page_script_hash = self.pages[page]
        out = ScriptRun(page=page, seconds=0.0, status="")
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        async with asyncio.timeout(self.timeout):
            while True:
                raw = await self._ws.recv()
                data = raw if isinstance(raw, bytes) else raw.encode()
                out.messages += 1
                out.bytes += len(data)
                fwd = ForwardMsg.FromString(data)
                kind = fwd.WhichOneof("type")
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    texts, errors = element_texts(fwd.delta.new_element)
                    out.texts += texts
                    out.errors += errors
                elif kind == "navigation":
                    for p in fwd.navigation.app_pages:
                        self.pages[p.url_pathname] = p.page_script_hash
                elif kind == "script_finished" and fwd.script_finished != _EARLY:
                    out.status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                    break
        out.seconds = time.perf_counter() - started
        return out
