"""Check one STIX object on its own: spec_version, the stix2 library, confidence, timestamps."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import stix2
import stix2.exceptions
from stix2.registry import STIX2_OBJ_MAPS
from stix2.utils import parse_into_datetime

from attrib.errors import first_line
from loader.confidence import normalise

SCO_TYPES = frozenset(STIX2_OBJ_MAPS["2.1"]["observables"])


def _stix_error(exc: Exception) -> tuple[str, str]:
    """(field, message) from a stix2 library error."""
    if isinstance(exc, stix2.exceptions.InvalidValueError):
        return str(exc.prop_name), str(exc.reason)
    if isinstance(exc, stix2.exceptions.MissingPropertiesError):
        props = sorted(exc.properties)
        return props[0], f"required propert{'y is' if len(props) == 1 else 'ies are'} missing: " + (
            ", ".join(props)
        )
    if isinstance(exc, stix2.exceptions.AtLeastOnePropertyError):
        return "-", f"needs at least one of: {', '.join(sorted(exc.properties))}"
    return "-", first_line(str(exc))


def _to_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def stix_confidence(obj: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The claim confidence of a STIX object: (ConfidenceIn data, problems as (field, message)).

    `confidence` (0-100) alone is scale `0-100`; with `x_confidence_label` and
    `x_confidence_scale` the original wording is kept and must agree with the number; no
    confidence at all is "Not Specified" (the STIX 2.1 tables' own first row).

    Example:
        >>> stix_confidence({"confidence": 42})
        ({'label': '42', 'scale': '0-100', 'value': 42}, [])
    """
    raw, label, scale = (
        obj.get(k) for k in ("confidence", "x_confidence_label", "x_confidence_scale")
    )
    conf = _to_int(raw) if raw is not None else None
    if raw is not None and (conf is None or not 0 <= conf <= 100):
        return {}, [("confidence", f"{raw!r} is not a whole number from 0 to 100")]
    if label is None and scale is None:
        if conf is None:
            return {"label": "Not Specified", "scale": "none-low-med-high"}, []
        return {"label": str(conf), "scale": "0-100", "value": conf}, []
    if label is None or scale is None:
        missing = "x_confidence_label" if label is None else "x_confidence_scale"
        return {}, [(missing, "x_confidence_label and x_confidence_scale must be given together")]
    if not isinstance(label, str | int) or not isinstance(scale, str):
        return {}, [("x_confidence_label", "the label and scale must be strings")]
    try:
        normalise(label, scale, conf)
    except ValueError as exc:
        msg = str(exc)
        fld = "x_confidence_label"
        if msg.startswith("unknown confidence scale"):
            fld = "x_confidence_scale"
        elif "disagrees" in msg or "explicit 'value'" in msg or "outside" in msg:
            fld = "confidence"
            msg = msg.replace("explicit 'value'", "explicit 'confidence'")
        return {}, [(fld, msg)]
    out: dict[str, Any] = {"label": label, "scale": scale}
    if conf is not None:
        out["value"] = conf
    return out, []


def timestamp(value: str) -> dt.datetime:
    """A STIX timestamp as a datetime (to compare versions)."""
    return cast(dt.datetime, parse_into_datetime(value))


def object_problems(obj: dict[str, Any]) -> list[tuple[str, str]]:
    """Checks of one object on its own, as (field, message) pairs."""
    stype = obj["type"]
    spec = obj.get("spec_version")
    if spec is None and stype not in SCO_TYPES:
        return [("spec_version", "is missing: STIX 2.1 objects carry spec_version '2.1'")]
    if spec is not None and spec != "2.1":
        return [("spec_version", f"{spec!r} is not supported: only STIX 2.1 ('2.1') is")]
    try:
        stix2.parse(obj, allow_custom=True, version="2.1")
    except Exception as exc:  # the library raises many kinds; each becomes one problem
        return [_stix_error(exc)]
    out = stix_confidence(obj)[1]
    created, modified = obj.get("created"), obj.get("modified")
    if (
        isinstance(created, str)
        and isinstance(modified, str)
        and timestamp(modified) < timestamp(created)
    ):
        out.append(("modified", f"{modified} is before created {created}"))
    return out
