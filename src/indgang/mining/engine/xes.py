"""XES (IEEE 1849) reader: .xes and .xes.gz to an :class:`EventLog`.

Two tokenisers feed one builder, so both give identical logs:

* a fast path for the canonical layout every mainstream writer produces
  (ProM/OpenXES, pm4py, Disco, rustxes): one element per line, attributes
  written as ``<type key="..." value="..."/>``. Polars' multi-threaded CSV
  tokenizer splits each line on ``"``; the result is validated strictly
  (every line must be a known element, in a valid nesting) and any
  deviation hands the file to
* an exact streaming reader (lxml iterparse) that accepts any well-formed
  XES, including nested/list attributes (ignored), comments and odd layout.

``<global>`` defaults are applied to traces/events that lack the attribute,
classifiers are read, timestamps are normalised to UTC.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import polars as pl
from lxml import etree

from .errors import EventLogError
from .eventlog import (
    ACTIVITY,
    CASE_ID,
    LIFECYCLE,
    POSITION,
    RESOURCE,
    STANDARD_SCHEMA,
    TIMESTAMP,
    EventLog,
    finalise_event_log,
)
from .timestamps import check_timezone, parse_timestamps

XES_TYPES = ("string", "date", "int", "float", "boolean", "id")
KEY_NAME = "concept:name"
KEY_TIME = "time:timestamp"
KEY_RESOURCE = "org:resource"
KEY_LIFECYCLE = "lifecycle:transition"
STANDARD_KEYS = frozenset({KEY_NAME, KEY_TIME, KEY_RESOURCE, KEY_LIFECYCLE})

Attributes = Literal["all", "standard"]
Reader = Literal["auto", "fast", "lxml"]
OnIncomplete = Literal["error", "drop"]

IntArray = npt.NDArray[np.int64]


@dataclass
class _Sparse:
    """One attribute key: the elements (events or traces) that carry it."""

    index: IntArray  # strictly increasing element numbers
    values: pl.Series  # raw string values, aligned with index
    types: set[str]


@dataclass
class _Header:
    event_globals: dict[str, tuple[str, str]] = field(default_factory=dict)
    trace_globals: dict[str, tuple[str, str]] = field(default_factory=dict)
    classifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class _RawXes:
    n_traces: int
    event_trace: IntArray  # trace number of every event, in file order
    events: dict[str, _Sparse]
    traces: dict[str, _Sparse]
    ignored_attributes: int = 0


class _NotCanonical(Exception):
    """The fast tokeniser met something it does not handle; use lxml."""


def read_xes(
    path: str | Path,
    *,
    classifier: str | None = None,
    attributes: Attributes = "all",
    on_incomplete: OnIncomplete = "error",
    timezone: str = "UTC",
    reader: Reader = "auto",
    apply_globals: bool = True,
) -> EventLog:
    """Read an XES or gzipped XES file.

    ``classifier`` names one of the log's ``<classifier>`` definitions to
    build the activity from (values joined with ``+``, as ProM does); by
    default the activity is ``concept:name``, as in pm4py.
    ``attributes="standard"`` skips non-standard attributes (faster).
    Events without activity or timestamp (after ``<global>`` defaults) raise
    an error, or are dropped with a warning when ``on_incomplete="drop"``.
    ``timezone`` is used for timestamps written without a UTC offset.
    ``apply_globals=False`` ignores ``<global>`` defaults (as pm4py's own parsers do).
    """
    check_timezone(timezone)
    data = _read(Path(path))
    fast = None
    if data[:2] == b"\x1f\x8b" and reader != "lxml":
        # Polars inflates gzip much faster than zlib: hand it the compressed file
        # and inflate only the header here. Anything unusual takes the exact path.
        try:
            fast = _tokenise_fast_gzip(data, attributes)
        except _NotCanonical:
            if reader == "fast":
                raise _not_canonical_error() from None
    if fast is None:
        header, raw = _tokenise(_gunzip(data, str(path)), reader=reader, attributes=attributes)
    else:
        header, raw = fast
    if not apply_globals:
        header.event_globals.clear()
        header.trace_globals.clear()
    return _build(header, raw, classifier, attributes, on_incomplete, timezone, str(path))


def read_xes_bytes(
    data: bytes,
    *,
    classifier: str | None = None,
    attributes: Attributes = "all",
    on_incomplete: OnIncomplete = "error",
    timezone: str = "UTC",
    reader: Reader = "auto",
    name: str = "<bytes>",
) -> EventLog:
    """Like :func:`read_xes` for XES content already in memory (gzip allowed)."""
    check_timezone(timezone)
    header, raw = _tokenise(_gunzip(data, name), reader=reader, attributes=attributes)
    return _build(header, raw, classifier, attributes, on_incomplete, timezone, name)


# --------------------------------------------------------------------------- loading


def _load(path: Path) -> bytes:
    return _gunzip(_read(path), str(path))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise EventLogError(
            "file_not_found",
            f"Filen '{path}' findes ikke.",
            f"The file '{path}' does not exist.",
            path=str(path),
        ) from exc
    except OSError as exc:
        raise EventLogError(
            "file_unreadable",
            f"Filen '{path}' kan ikke læses: {exc.strerror}.",
            f"The file '{path}' cannot be read: {exc.strerror}.",
            path=str(path),
        ) from exc


def _gunzip(data: bytes, name: str) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        # zlib directly is ~2x faster than gzip.decompress; loop for multi-member files.
        parts: list[bytes] = []
        while data:
            inflater = zlib.decompressobj(wbits=31)
            parts.append(inflater.decompress(data))
            if not inflater.eof:
                raise EOFError("compressed file ended before the end-of-stream marker")
            data = inflater.unused_data.lstrip(b"\x00")
        return parts[0] if len(parts) == 1 else b"".join(parts)
    except (OSError, EOFError, zlib.error) as exc:
        raise EventLogError(
            "bad_gzip",
            f"Filen '{name}' er ikke en gyldig gzip-fil ({exc}).",
            f"The file '{name}' is not valid gzip ({exc}).",
            path=name,
        ) from exc


def _tokenise(data: bytes, *, reader: Reader, attributes: Attributes) -> tuple[_Header, _RawXes]:
    if reader != "lxml":
        try:
            return _tokenise_fast(data, attributes)
        except _NotCanonical:
            if reader == "fast":
                raise _not_canonical_error() from None
    return _tokenise_lxml(data, attributes)


def _not_canonical_error() -> EventLogError:
    return EventLogError(
        "xes_not_canonical",
        "XES-filen har ikke det kanoniske layout, som den hurtige læser kræver.",
        "The XES file does not have the canonical layout the fast reader needs.",
    )


def _gzip_head(data: bytes, marker: bytes, limit: int = 64 * 1024 * 1024) -> bytes:
    """Inflate a gzip file until ``marker`` appears (the header of an XES log)."""
    inflater = zlib.decompressobj(wbits=31)
    head = b""
    position = 0
    try:
        while position < len(data) and marker not in head:
            chunk = data[position : position + 65536]
            position += len(chunk)
            head += inflater.decompress(chunk)
            if len(head) > limit or inflater.eof:
                break
    except zlib.error as exc:
        raise _NotCanonical from exc
    if marker not in head:
        raise _NotCanonical
    return head


def _tokenise_fast_gzip(data: bytes, attributes: Attributes) -> tuple[_Header, _RawXes]:
    """The fast path on a gzip file: Polars reads the compressed bytes, skipping the header."""
    head = _gzip_head(data, b"<trace>")
    start = head.find(b"<trace>")
    line_start = head.rfind(b"\n", 0, start) + 1
    if head[line_start:start].strip():
        raise _NotCanonical  # the first <trace> shares a line with the header
    return _tokenise_fast(
        data, attributes, head=head[:start], skip_lines=head.count(b"\n", 0, line_start)
    )


# --------------------------------------------------------------------------- header

# Parsers below: no entity expansion or network access (XXE-safe); huge_tree for big logs.


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _malformed(exc: Exception) -> EventLogError:
    return EventLogError(
        "xes_malformed",
        f"XES-filen er ikke gyldig XML: {exc}",
        f"The XES file is not well-formed XML: {exc}",
        reason=str(exc),
    )


def _parse_classifier_keys(keys: str) -> tuple[str, ...]:
    # IEEE 1849: space-separated keys; a key containing spaces is in single quotes.
    return tuple(a or b for a, b in re.findall(r"'([^']*)'|(\S+)", keys))


def _read_header_element(element: etree._Element, header: _Header) -> None:
    tag = _local(element.tag)
    if tag == "global":
        target = header.trace_globals if element.get("scope") == "trace" else header.event_globals
        for child in element:
            child_tag = _local(child.tag)
            key, value = child.get("key"), child.get("value")
            if child_tag in XES_TYPES and key is not None and value is not None:
                target[key] = (child_tag, value)
    elif tag == "classifier":
        name, keys = element.get("name"), element.get("keys")
        if name is not None and keys is not None:
            header.classifiers[name] = _parse_classifier_keys(keys)


def _parse_header(prefix: bytes) -> _Header:
    """Parse everything before the first <trace> (closing the log ourselves)."""
    try:
        root = etree.fromstring(
            prefix + b"</log>",
            etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True),
        )
    except etree.XMLSyntaxError as exc:
        raise _NotCanonical from exc
    if _local(root.tag) != "log":
        raise _NotCanonical
    header = _Header()
    for element in root:
        if _local(element.tag) == "event":
            raise _NotCanonical  # events outside traces: let lxml path report it
        _read_header_element(element, header)
    return header


# --------------------------------------------------------------------------- fast path

_BLANK, _TRACE_OPEN, _TRACE_CLOSE, _EVENT_OPEN, _EVENT_CLOSE, _LOG_CLOSE = range(6)
_ATTR_BASE = 8  # codes 8.. are attribute types in XES_TYPES order
_CLOSE_BASE = 16  # codes 16.. close a non-empty-tag attribute: <string ...></string>
_STRUCT_CODES = {
    "": _BLANK,
    "<trace>": _TRACE_OPEN,
    "</trace>": _TRACE_CLOSE,
    "<event>": _EVENT_OPEN,
    "</event>": _EVENT_CLOSE,
    "</log>": _LOG_CLOSE,
}
_ALLOWED_NEXT = np.zeros((8, 8), dtype=bool)
for _a, _b in [
    (_TRACE_OPEN, _EVENT_OPEN),
    (_TRACE_OPEN, _TRACE_CLOSE),
    (_EVENT_OPEN, _EVENT_CLOSE),
    (_EVENT_CLOSE, _EVENT_OPEN),
    (_EVENT_CLOSE, _TRACE_CLOSE),
    (_TRACE_CLOSE, _TRACE_OPEN),
    (_TRACE_CLOSE, _LOG_CLOSE),
]:
    _ALLOWED_NEXT[_a, _b] = True
_TYPE_OF_CODE = {_ATTR_BASE + i: t for i, t in enumerate(XES_TYPES)}


def _classify_line_start(raw: str | None) -> int:
    text = (raw or "").strip()
    if text in _STRUCT_CODES:
        return _STRUCT_CODES[text]
    if text.startswith("</") and text.endswith(">") and text[2:-1] in XES_TYPES:
        return _CLOSE_BASE + XES_TYPES.index(text[2:-1])
    if text.startswith("<") and text.endswith(" key="):
        xes_type = text[1:-5]
        if xes_type in XES_TYPES:
            return _ATTR_BASE + XES_TYPES.index(xes_type)
    raise _NotCanonical


_ENCODING_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _tokenise_fast(
    data: bytes, attributes: Attributes, *, head: bytes | None = None, skip_lines: int = 0
) -> tuple[_Header, _RawXes]:
    """Tokenise plain XES ``data``; or, with ``head`` (the inflated header), gzip
    ``data`` whose first ``skip_lines`` lines are the header."""
    compressed = head is not None
    prefix = head if head is not None else data
    if prefix.startswith(b"\xef\xbb\xbf"):
        prefix = prefix[3:]
        if not compressed:
            data = data[3:]
    declared = _ENCODING_DECL.match(prefix[:400])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (
        b"utf-8",
        b"utf8",
        b"us-ascii",
        b"ascii",
    ):
        raise _NotCanonical
    start = 0 if compressed else data.find(b"<trace>")
    if start < 0:
        raise _NotCanonical
    header = _parse_header(prefix if compressed else data[:start])
    try:
        lines = pl.read_csv(
            data if compressed or not start else data[start:],
            skip_rows=skip_lines,
            has_header=False,
            separator='"',
            quote_char=None,
            schema={f"column_{i}": pl.String for i in range(1, 6)},
            columns=["column_1", "column_2", "column_3", "column_4", "column_5"],
            truncate_ragged_lines=True,
            missing_columns="insert",
            comment_prefix=None,
            encoding="utf8",
        )
    except pl.exceptions.PolarsError as exc:
        raise _NotCanonical from exc
    start_col, key_col, middle_col, value_col, end_col = (
        lines.get_column(c) for c in lines.columns
    )
    del lines

    # Line kind: validate the few distinct line starts in Python, map rows via an Enum.
    distinct = start_col.unique().to_list()
    if len(distinct) > 256:
        raise _NotCanonical
    lut = np.array([_classify_line_start(v) for v in distinct if v is not None] + [_BLANK])
    known = [v for v in distinct if v is not None]
    physical = start_col.cast(pl.Enum(known)).to_physical().fill_null(len(known))
    code = lut[physical.to_numpy()].astype(np.uint8)
    del start_col, physical

    is_attr = (code >= _ATTR_BASE) & (code < _CLOSE_BASE)
    if not np.array_equal(is_attr, key_col.is_not_null().to_numpy()):
        raise _NotCanonical  # a key-less attribute or a quoted structural line
    if not middle_col.filter(pl.Series(is_attr)).is_in([" value="]).all():
        raise _NotCanonical  # the second XML attribute is not 'value'
    del middle_col
    self_closed = end_col.is_in(["/>", "/>\r"]).fill_null(False).to_numpy()
    if not np.all(self_closed | ~is_attr) or np.any(code >= _CLOSE_BASE):
        # Attributes with a body (meta-attributes, e.g. CoSeLoG's 'question'):
        # keep the outer attribute, drop what is nested in it, as lxml does.
        nested = _nested_attribute_rows(code, is_attr, self_closed, end_col)
        code[nested] = _BLANK
        is_attr &= ~nested
    del end_col

    # Nesting: the structural lines must follow the XES grammar exactly.
    struct_rows = np.flatnonzero(~is_attr & (code != _BLANK))
    struct = code[struct_rows]
    if (
        struct.size < 2
        or struct[0] != _TRACE_OPEN
        or struct[-1] != _LOG_CLOSE
        or not _ALLOWED_NEXT[struct[:-1], struct[1:]].all()
    ):
        raise _NotCanonical
    # Every other line belongs to the structural line above it: expand by run length.
    gaps = np.diff(np.append(struct_rows, code.size)) - 1
    event_at = np.cumsum(struct == _EVENT_OPEN) - 1
    trace_at = np.cumsum(struct == _TRACE_OPEN) - 1
    n_events, n_traces = int(event_at[-1]) + 1, int(trace_at[-1]) + 1
    event_trace = trace_at[struct == _EVENT_OPEN].astype(np.int64)

    other_code = code[is_attr | (code == _BLANK)]
    if other_code.size != gaps.sum():
        raise _NotCanonical
    context = np.repeat(struct, gaps)
    attr_here = other_code >= _ATTR_BASE
    in_event = (context == _EVENT_OPEN)[attr_here]
    in_trace = ((context == _TRACE_OPEN) | (context == _EVENT_CLOSE))[attr_here]
    if not np.all(in_event | in_trace):
        raise _NotCanonical  # attributes between traces (log attributes at the end)

    attr_types = other_code[attr_here]
    event_keys = _wanted_event_keys(header, attributes)
    if event_keys is not None or attributes == "standard":
        attr_keys = key_col.filter(pl.Series(is_attr))
        if event_keys is not None:
            in_event &= attr_keys.is_in(sorted(event_keys)).to_numpy()
        in_trace &= (attr_keys == KEY_NAME).to_numpy()
    # Compressed: look for entities value by value (_unescape checks cheaply).
    unescape = compressed or data.find(b"&", start) >= 0
    events = _group_by_key(
        key_col,
        value_col,
        is_attr,
        np.repeat(event_at, gaps)[attr_here],
        attr_types,
        in_event,
        unescape,
    )
    traces = _group_by_key(
        key_col,
        value_col,
        is_attr,
        np.repeat(trace_at, gaps)[attr_here],
        attr_types,
        in_trace,
        unescape,
    )
    raw = _RawXes(n_traces=n_traces, event_trace=event_trace, events=events, traces=traces)
    if event_trace.size != n_events:
        raise _NotCanonical
    return header, raw


def _nested_attribute_rows(
    code: npt.NDArray[np.uint8],
    is_attr: npt.NDArray[np.bool_],
    self_closed: npt.NDArray[np.bool_],
    end_col: pl.Series,
) -> npt.NDArray[np.bool_]:
    """Rows inside (or closing) an attribute element; validates the bracketing."""
    opens = is_attr & ~self_closed
    closers = code >= _CLOSE_BASE
    if not end_col.filter(pl.Series(opens)).is_in([">", ">\r"]).all():
        raise _NotCanonical  # an extra XML attribute or two tags on one line
    rows = np.flatnonzero(opens | closers)
    delta = np.where(opens[rows], 1, -1)
    depth_after = np.cumsum(delta)
    if depth_after.min() < 0 or depth_after[-1] != 0:
        raise _NotCanonical
    # An opener and its closer share a level; per level they must alternate
    # open/close with matching types, which is exactly proper bracketing.
    level = np.where(delta > 0, depth_after, depth_after + 1)
    order = np.lexsort((rows, level))
    lv, dl, cd = level[order], delta[order], code[rows][order]
    if not (
        np.all(dl[0::2] == 1)
        and np.all(dl[1::2] == -1)
        and np.array_equal(lv[0::2], lv[1::2])
        and np.array_equal(cd[0::2].astype(np.int64) + (_CLOSE_BASE - _ATTR_BASE), cd[1::2])
    ):
        raise _NotCanonical
    # Depth before each line = depth after the last open/close line above it.
    before = np.searchsorted(rows, np.arange(code.size), side="left") - 1
    depth_before = np.where(before >= 0, depth_after[np.maximum(before, 0)], 0)
    structural = ~is_attr & ~closers & (code != _BLANK)
    if np.any(depth_before[structural] > 0):
        raise _NotCanonical  # a trace/event tag inside an attribute
    return closers | (is_attr & (depth_before > 0))


def _group_by_key(
    key_col: pl.Series,
    value_col: pl.Series,
    is_attr: npt.NDArray[np.bool_],
    owner: IntArray,
    types: npt.NDArray[np.uint8],
    select: npt.NDArray[np.bool_],
    unescape: bool,
) -> dict[str, _Sparse]:
    """Split the selected attribute lines into one sparse column per key."""
    if not select.any():
        return {}
    rows = is_attr.copy()
    rows[is_attr] = select
    mask = pl.Series(rows)
    keys = key_col.filter(mask)
    distinct = keys.unique(maintain_order=True)
    values = value_col.filter(mask)
    frame = pl.DataFrame(
        {
            "k": keys.cast(pl.Enum(distinct)).to_physical(),
            "v": _unescape(values, entities=unescape),
            "o": owner[select],
            "t": types[select],
        }
    )
    result: dict[str, _Sparse] = {}
    for (code,), part in frame.partition_by("k", as_dict=True, maintain_order=True).items():
        index = part.get_column("o").to_numpy()
        if index.size > 1 and not np.all(index[1:] > index[:-1]):
            raise _NotCanonical  # a key repeated inside one element: lxml decides
        type_codes = np.unique(part.get_column("t").to_numpy())
        key = str(distinct[int(code)])
        result[_unescape_key(key) if unescape else key] = _Sparse(
            index=index.astype(np.int64, copy=False),
            values=part.get_column("v"),
            types={_TYPE_OF_CODE[int(c)] for c in type_codes},
        )
    return result


def _wanted_event_keys(header: _Header, attributes: Attributes) -> frozenset[str] | None:
    """Event keys to keep: all, or the standard ones plus any classifier's keys."""
    if attributes == "all":
        return None
    classifier_keys = {key for keys in header.classifiers.values() for key in keys}
    return STANDARD_KEYS | classifier_keys


_ENTITY = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _xml_unescape(text: str) -> str:
    if "&" in _ENTITY.sub("", text):
        raise _NotCanonical  # an unknown entity: invalid XML, lxml reports it

    def replace(match: re.Match[str]) -> str:
        hex_code, dec_code, name = match.groups()
        if name:
            return _NAMED[name]
        return chr(int(hex_code, 16) if hex_code else int(dec_code))

    return _ENTITY.sub(replace, text)


def _unescape(values: pl.Series, *, entities: bool) -> pl.Series:
    """XML entity decoding and attribute-value whitespace normalisation, as lxml does."""
    if values.str.contains("\t", literal=True).any():
        values = values.str.replace_all("\t", " ", literal=True)
    if not entities:
        return values
    has_entity = values.str.contains("&", literal=True)
    if not has_entity.any():
        return values
    distinct = values.filter(has_entity).unique().to_list()
    decoded = [_xml_unescape(v) for v in distinct]
    return values.replace(distinct, decoded)


def _unescape_key(key: str) -> str:
    return _xml_unescape(key.replace("\t", " ")) if ("&" in key or "\t" in key) else key


# --------------------------------------------------------------------------- lxml path


class _Collector:
    """Accumulates sparse attribute columns in plain Python lists."""

    def __init__(self) -> None:
        self.index: dict[str, list[int]] = {}
        self.values: dict[str, list[str]] = {}
        self.types: dict[str, set[str]] = {}
        self.count = 0  # elements seen (traces), including those without attributes

    def add(self, owner: int, key: str, value: str, xes_type: str) -> None:
        index = self.index.get(key)
        if index is None:
            self.index[key], self.values[key], self.types[key] = [], [], set()
            index = self.index[key]
        if index and index[-1] == owner:  # repeated key: the last one wins
            self.values[key][-1] = value
        else:
            index.append(owner)
            self.values[key].append(value)
        self.types[key].add(xes_type)

    def build(self) -> dict[str, _Sparse]:
        return {
            key: _Sparse(
                index=np.asarray(self.index[key], dtype=np.int64),
                values=pl.Series(self.values[key], dtype=pl.String),
                types=self.types[key],
            )
            for key in self.index
        }


def _tokenise_lxml(data: bytes, attributes: Attributes) -> tuple[_Header, _RawXes]:
    header = _Header()
    events, traces = _Collector(), _Collector()
    event_trace: list[int] = []
    ignored = 0
    trace_keys = None if attributes == "all" else frozenset({KEY_NAME})
    context = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        remove_comments=True,
        remove_pis=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
    )
    root: etree._Element | None = None
    event_keys: frozenset[str] | None = None
    try:
        for action, element in context:
            if root is None:
                root = element
                if _local(root.tag) != "log":
                    raise _not_a_log(_local(root.tag))
                continue
            if action == "start":
                continue
            parent = element.getparent()
            if parent is not root:
                continue  # inside a trace or header element: handled at its end
            tag = _local(element.tag)
            if tag == "trace":
                if event_keys is None:  # the header (classifiers) is complete by now
                    event_keys = _wanted_event_keys(header, attributes) or frozenset()
                keep = None if attributes == "all" else event_keys
                ignored += _collect_trace(element, events, traces, event_trace, keep, trace_keys)
                element.clear()
                # Drop finished traces so memory stays flat on big logs.
                while element.getprevious() is not None:
                    del root[0]
            elif tag == "event":
                raise EventLogError(
                    "xes_event_outside_trace",
                    "XES-filen har hændelser uden for et <trace>; de kan ikke knyttes til en sag.",
                    "The XES file has events outside any <trace>; they belong to no case.",
                )
            else:
                _read_header_element(element, header)
    except etree.XMLSyntaxError as exc:
        raise _malformed(exc) from exc
    if root is None:
        raise _malformed(ValueError("no root element"))
    raw = _RawXes(
        n_traces=traces.count,
        event_trace=np.asarray(event_trace, dtype=np.int64),
        events=events.build(),
        traces=traces.build(),
        ignored_attributes=ignored,
    )
    return header, raw


def _collect_trace(
    trace: etree._Element,
    events: _Collector,
    traces: _Collector,
    event_trace: list[int],
    event_keys: frozenset[str] | None,
    trace_keys: frozenset[str] | None,
) -> int:
    trace_no = traces.count
    traces.count += 1
    ignored = 0
    for child in trace:
        if _local(child.tag) == "event":
            event_no = len(event_trace)
            event_trace.append(trace_no)
            for attribute in child:
                ignored += _collect(attribute, event_no, events, event_keys)
        else:
            ignored += _collect(child, trace_no, traces, trace_keys)
    return ignored


def _not_a_log(tag: str) -> EventLogError:
    return EventLogError(
        "xes_not_a_log",
        f"Filen er ikke en XES-log (rodelementet er <{tag}>, ikke <log>).",
        f"The file is not an XES log (root element is <{tag}>, not <log>).",
        root=tag,
    )


def _collect(
    element: etree._Element, owner: int, target: _Collector, keep: Iterable[str] | None
) -> int:
    xes_type = _local(element.tag)
    if xes_type not in XES_TYPES:
        return 1 if xes_type in ("list", "container") else 0
    key, value = element.get("key"), element.get("value")
    if key is None or value is None:
        return 1
    if keep is None or key in keep:
        target.add(owner, key, value, xes_type)
    return 0


# --------------------------------------------------------------------------- building


def _dense(sparse: _Sparse | None, n: int) -> pl.Series:
    """Raw string column of length n (null where the element lacks the key)."""
    if sparse is None:
        return pl.repeat(None, n, dtype=pl.String, eager=True)
    if sparse.index.size == n:
        return sparse.values  # present on every element, already in order
    position = np.full(n, -1, dtype=np.int64)
    position[sparse.index] = np.arange(sparse.index.size, dtype=np.int64)
    gather = pl.Series(position)
    return sparse.values.gather(gather.set(gather < 0, None))


def _with_global(
    columns: dict[str, _Sparse], defaults: dict[str, tuple[str, str]], n: int
) -> dict[str, tuple[pl.Series, set[str]]]:
    dense: dict[str, tuple[pl.Series, set[str]]] = {}
    for key in set(columns) | set(defaults):
        sparse = columns.get(key)
        column = _dense(sparse, n)
        types = set(sparse.types) if sparse else set()
        if key in defaults:
            xes_type, value = defaults[key]
            if sparse is None or sparse.index.size < n:
                column = column.fill_null(value)
                types.add(xes_type)
        dense[key] = (column, types)
    return dense


def _typed(name: str, raw: pl.Series, types: set[str], timezone: str) -> tuple[pl.Series, bool]:
    """Cast a raw column to its XES type; (column, ok). Mixed types stay strings."""
    if len(types) != 1:
        return raw.alias(name), len(types) <= 1
    (xes_type,) = types
    if xes_type == "date":
        parsed = parse_timestamps(raw, timezone=timezone)
    elif xes_type == "int":
        parsed = raw.str.strip_chars().cast(pl.Int64, strict=False)
    elif xes_type == "float":
        parsed = raw.str.strip_chars().cast(pl.Float64, strict=False)
    elif xes_type == "boolean":
        parsed = (
            raw.str.strip_chars()
            .str.to_lowercase()
            .replace_strict(
                ["true", "1", "false", "0"],
                [True, True, False, False],
                default=None,
                return_dtype=pl.Boolean,
            )
        )
    else:
        return raw.alias(name), True
    ok = parsed.null_count() == raw.null_count()
    return (parsed.alias(name), True) if ok else (raw.alias(name), False)


def _build(
    header: _Header,
    raw: _RawXes,
    classifier: str | None,
    attributes: Attributes,
    on_incomplete: OnIncomplete,
    timezone: str,
    name: str,
) -> EventLog:
    warnings: list[str] = []
    n_events = raw.event_trace.size
    if n_events == 0:
        raise EventLogError(
            "empty_log",
            "Loggen indeholder ingen hændelser.",
            "The log contains no events.",
            path=name,
        )
    event_cols = _with_global(raw.events, header.event_globals, n_events)
    trace_cols = _with_global(raw.traces, header.trace_globals, raw.n_traces)
    if raw.ignored_attributes:
        warnings.append(f"{raw.ignored_attributes} list/container attributes were ignored.")

    activity = _activity(event_cols, header, classifier, n_events)
    stamp_raw = event_cols.get(KEY_TIME, (_dense(None, n_events), set()))[0]
    timestamp = parse_timestamps(stamp_raw, timezone=timezone)
    bad_stamp = timestamp.is_null() & stamp_raw.is_not_null()
    if bad_stamp.any():
        first = int(bad_stamp.arg_max() or 0)
        raise EventLogError(
            "xes_bad_timestamp",
            f"Hændelse nr. {first + 1} har et ugyldigt tidspunkt: '{stamp_raw[first]}'.",
            f"Event no. {first + 1} has an invalid timestamp: '{stamp_raw[first]}'.",
            event=first + 1,
            value=stamp_raw[first],
            invalid=int(bad_stamp.sum()),
        )

    trace_names = trace_cols.get(KEY_NAME, (_dense(None, raw.n_traces), set()))[0]
    if trace_names.null_count():
        warnings.append(
            f"{trace_names.null_count()} traces have no concept:name; they were named trace-<n>."
        )
        numbered = pl.Series([f"trace-{i + 1}" for i in range(raw.n_traces)])
        trace_names = trace_names.fill_null(numbered)
    event_trace = pl.Series(raw.event_trace)
    columns: dict[str, pl.Series] = {
        CASE_ID: trace_names.gather(event_trace).alias(CASE_ID),
        ACTIVITY: activity.alias(ACTIVITY),
        TIMESTAMP: timestamp.alias(TIMESTAMP),
        RESOURCE: _string(event_cols, KEY_RESOURCE, n_events).alias(RESOURCE),
        LIFECYCLE: _string(event_cols, KEY_LIFECYCLE, n_events).alias(LIFECYCLE),
        POSITION: pl.Series(POSITION, np.arange(n_events, dtype=np.int64)),
        "_trace": event_trace.alias("_trace"),
    }
    if attributes == "all":
        for key in sorted(event_cols):
            if key in (KEY_TIME, KEY_RESOURCE, KEY_LIFECYCLE) or (
                key == KEY_NAME and classifier is None
            ):
                continue
            column, ok = _typed(_column_name(key), *event_cols[key], timezone)
            if not ok:
                warnings.append(
                    f"Event attribute '{key}' kept as text (values do not fit its type)."
                )
            columns[column.name] = column
    events = pl.DataFrame(list(columns.values()))

    incomplete = events.select(
        missing_activity=pl.col(ACTIVITY).is_null().sum(),
        missing_timestamp=pl.col(TIMESTAMP).is_null().sum(),
    ).row(0, named=True)
    if incomplete["missing_activity"] or incomplete["missing_timestamp"]:
        if on_incomplete == "error":
            what_da, what_en = (
                ("aktivitet", "activity")
                if incomplete["missing_activity"]
                else ("tidspunkt", "timestamp")
            )
            count = incomplete["missing_activity"] or incomplete["missing_timestamp"]
            raise EventLogError(
                f"xes_missing_{what_en}",
                f"{count} hændelser mangler {what_da} "
                "(og loggen har ingen <global>-standardværdi).",
                f"{count} events have no {what_en} (and the log has no <global> default).",
                count=count,
                **incomplete,
            )
        before = events.height
        events = events.drop_nulls([ACTIVITY, TIMESTAMP])
        warnings.append(
            f"{before - events.height} events without activity or timestamp were dropped."
        )

    cases = _case_attributes(trace_cols, trace_names, attributes, timezone, warnings)
    unique_names = cases.height == raw.n_traces
    return finalise_event_log(
        events if unique_names else events.drop("_trace"),
        cases,
        source="xes",
        classifiers=header.classifiers,
        warnings=warnings,
        group_column="_trace" if unique_names else None,
    )


def _column_name(key: str) -> str:
    return f"attr:{key}" if key in STANDARD_SCHEMA or key == "_trace" else key


def _string(columns: dict[str, tuple[pl.Series, set[str]]], key: str, n: int) -> pl.Series:
    return columns[key][0] if key in columns else _dense(None, n)


def _activity(
    columns: dict[str, tuple[pl.Series, set[str]]],
    header: _Header,
    classifier: str | None,
    n: int,
) -> pl.Series:
    if classifier is None:
        return _string(columns, KEY_NAME, n)
    if classifier not in header.classifiers:
        available = sorted(header.classifiers)
        raise EventLogError(
            "xes_unknown_classifier",
            f"Loggen har ingen klassifikator ved navn '{classifier}'. "
            f"Findes: {', '.join(available) or 'ingen'}.",
            f"The log has no classifier named '{classifier}'. "
            f"Available: {', '.join(available) or 'none'}.",
            classifier=classifier,
            available=available,
        )
    parts = [_string(columns, key, n) for key in header.classifiers[classifier]]
    return pl.select(pl.concat_str(parts, separator="+")).to_series()


def _case_attributes(
    trace_cols: dict[str, tuple[pl.Series, set[str]]],
    trace_names: pl.Series,
    attributes: Attributes,
    timezone: str,
    warnings: list[str],
) -> pl.DataFrame:
    columns = [trace_names.alias(CASE_ID)]
    if attributes == "all":
        for key in sorted(trace_cols):
            if key == KEY_NAME:
                continue
            column, ok = _typed(_column_name(key), *trace_cols[key], timezone)
            if not ok:
                warnings.append(
                    f"Case attribute '{key}' kept as text (values do not fit its type)."
                )
            columns.append(column)
    cases = pl.DataFrame(columns)
    duplicates = cases.height - cases.get_column(CASE_ID).n_unique()
    if duplicates:
        warnings.append(
            f"{duplicates} traces repeat an earlier case id; "
            "their events were merged into one case."
        )
        cases = cases.unique(subset=CASE_ID, keep="first", maintain_order=True)
    return cases
