"""The licence check (tools/licences.py): what passes, what fails, and on which packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import licences


@pytest.mark.parametrize(
    "licence",
    [
        "MIT",
        "MIT License",
        "BSD-3-Clause AND ISC",
        "Apache Software License",
        "Apache-2.0 OR BSD-2-Clause",
        "Mozilla Public License 2.0 (MPL 2.0)",
        "MIT OR GPL-3.0-only",  # either may be chosen: we take MIT
        "PSF-2.0",
        "BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0",
    ],
)
def test_permissive_licences_pass(licence: str) -> None:
    assert licences.judge_licence(licence) == (True, "")


@pytest.mark.parametrize(
    ("licence", "reason"),
    [
        ("GPL-3.0-only", "strong copyleft"),
        ("GNU General Public License v3 (GPLv3)", "strong copyleft"),
        ("AGPL-3.0-or-later", "strong copyleft"),
        ("GNU Affero General Public License v3", "strong copyleft"),
        ("MIT AND GPL-2.0-only", "strong copyleft"),  # both apply: the GPL part decides
        ("GNU Lesser General Public License v3 (LGPLv3)", "weak copyleft"),
        ("LGPL-2.1-or-later", "weak copyleft"),
        # a permissive word inside a copyleft licence does not make it permissive
        ("LGPL-2.1-only WITH Python-exception", "weak copyleft"),
        ("GPL-3.0-or-later WITH BSD-style exception", "strong copyleft"),
        ("UNKNOWN", "no licence"),
        ("", "no licence"),
        ("Proprietary", "not a licence this check recognises"),
    ],
)
def test_copyleft_and_unknown_licences_fail_with_their_reason(licence: str, reason: str) -> None:
    ok, why = licences.judge_licence(licence)
    assert not ok
    assert reason in why


def row(name: str, licence: str) -> dict[str, str]:
    return {"Name": name, "Version": "1.0", "License": licence}


def test_an_exception_passes_only_the_licence_it_was_written_for() -> None:
    lgpl = "GNU Lesser General Public License v3 (LGPLv3)"
    exceptions = {"cpe": {"licence": lgpl, "why": "imported unmodified"}}
    kept, relicensed, other = licences.judge(
        [row("cpe", lgpl), row("CPE", "GPL-3.0-only"), row("enum-tools", lgpl)], exceptions
    )
    assert kept.ok and "licence-exceptions.toml" in kept.why
    assert not relicensed.ok  # same package, new licence: judged again
    assert not other.ok  # an exception names one package


def test_an_exception_without_its_reason_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "exceptions.toml"
    path.write_text('[cpe]\nlicence = "LGPL-3.0"\nwhy = " "\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[cpe\] has no 'why'"):
        licences.load_exceptions(path)


def test_the_shipped_exceptions_each_say_why() -> None:
    for entry in licences.load_exceptions().values():
        assert len(entry["why"].split()) >= 10
        assert not licences.judge_licence(entry["licence"])[0]  # no exception for a pass
        assert "strong copyleft" not in licences.judge_licence(entry["licence"])[1]


def test_the_runtime_closure_holds_transitive_dependencies_but_not_the_test_extra() -> None:
    names = {licences.normalise(name) for name in licences.runtime_closure()}
    assert {"neo4j", "streamlit", "stix2-validator"} <= names  # direct
    assert {"starlette", "cpe", "pytz"} <= names  # through streamlit, stix2-validator, neo4j
    assert not {"pytest", "playwright", "ruff", "mypy"} & names  # the test extra
    assert "attribution-explorer" not in names


MIT_TEXT = "MIT License\n\nPermission is hereby granted, free of charge, to any person ..."
GPL_TEXT = "GNU GENERAL PUBLIC LICENSE\nVersion 3 ... Permission is hereby granted, free of charge"


def test_a_served_script_needs_a_permissive_licence_beside_it(tmp_path: Path) -> None:
    vendor = tmp_path / "ui" / "graph" / "vendor"
    vendor.mkdir(parents=True)
    for name in ("ok.min.js", "gpl.js", "bare.js"):
        (vendor / name).write_text("/* js */", encoding="utf-8")
    (vendor / "LICENSE-ok").write_text(MIT_TEXT, encoding="utf-8")
    (vendor / "LICENSE-gpl").write_text(GPL_TEXT, encoding="utf-8")
    verdicts = {Path(v.name).name: v for v in licences.served_files(tmp_path / "ui")}
    assert verdicts["ok.min.js"].ok and verdicts["ok.min.js"].licence == "MIT"
    assert not verdicts["gpl.js"].ok and "strong copyleft" in verdicts["gpl.js"].why
    assert not verdicts["bare.js"].ok and "LICENSE-bare" in verdicts["bare.js"].why
