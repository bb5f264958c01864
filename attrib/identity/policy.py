"""The resolution policy: which evidence may join two actor records into one actor.

Read from a settings file (identity-policy.yaml at the repository root, or the file named by
ATTRIB_IDENTITY_POLICY), overridable per command (`attrib identity resolve --min-confidence`)
or in the UI. Changing it recomputes the actors from the stored evidence: nothing is
re-imported. docs/identity.md explains each setting.

Example:
    >>> Policy(shared_names="primary", max_members=20).describe().split("; ")[::3]
    ['shared names: primary', 'at most 20 records per actor']
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

SharedNames = Literal["any", "primary", "none"]
SHARED_NAMES: tuple[str, ...] = get_args(SharedNames)
POLICY_FILE = Path(__file__).resolve().parents[2] / "identity-policy.yaml"
POLICY_ENV = "ATTRIB_IDENTITY_POLICY"
DEFAULT_MAX_MEMBERS = 50
SETTINGS = ("shared_names", "min_confidence", "claimants", "max_members")


class PolicyError(ValueError):
    """A policy file or value that cannot be used (the message names the file and key)."""


@dataclass(frozen=True)
class Policy:
    # Which names shared by records of two datasets join them: "any" name, only names that
    # are the "primary" name (or exact id) of at least one of the two records, or "none".
    shared_names: SharedNames = "any"
    # Same-as claims below this confidence (0-100) do not join; 0 also accepts claims that
    # state no confidence.
    min_confidence: int = 0
    # Claimant ids whose same-as claims are accepted (empty: everyone's).
    claimants: tuple[str, ...] = ()
    # A chain of evidence that would join more records than this into one actor is suspect:
    # reported, and its records kept apart. A real group has a record or a few per source;
    # a chain of thousands is a runaway, not a group.
    max_members: int = DEFAULT_MAX_MEMBERS

    def accepts(self, claimant: str, confidence: int | None) -> bool:
        """Whether a same-as (or distinct) claim by `claimant` counts under this policy."""
        if self.claimants and claimant not in self.claimants:
            return False
        if confidence is None:
            return self.min_confidence == 0
        return confidence >= self.min_confidence

    def describe(self) -> str:
        who = ", ".join(self.claimants) if self.claimants else "anyone"
        return (
            f"shared names: {self.shared_names}; equivalence claims from: {who}; "
            f"minimum confidence: {self.min_confidence}; "
            f"at most {self.max_members} records per actor"
        )

    def digest(self) -> str:
        """A short stable id of the policy, stored with the actors it produced."""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def with_overrides(self, **changes: Any) -> Policy:
        """This policy with the given settings changed (None leaves a setting as it is)."""
        given = {k: v for k, v in changes.items() if v is not None}
        return checked(replace(self, **given), "the command line")


def checked(policy: Policy, where: str) -> Policy:
    if policy.shared_names not in SHARED_NAMES:
        raise PolicyError(
            f"{where}: shared_names must be one of {', '.join(SHARED_NAMES)}, "
            f"not {policy.shared_names!r}"
        )
    if not isinstance(policy.min_confidence, int) or not 0 <= policy.min_confidence <= 100:
        raise PolicyError(f"{where}: min_confidence must be an integer from 0 to 100")
    if (
        not isinstance(policy.max_members, int)
        or isinstance(policy.max_members, bool)
        or policy.max_members < 2
    ):
        raise PolicyError(f"{where}: max_members must be an integer of at least 2")
    if not all(isinstance(c, str) and c for c in policy.claimants):
        raise PolicyError(f"{where}: claimants must be a list of organisation ids")
    return policy


def load_policy(path: Path | None = None) -> Policy:
    """The policy of the settings file (the defaults when the default file is absent)."""
    named = path or (Path(os.environ[POLICY_ENV]) if os.environ.get(POLICY_ENV) else None)
    target = named or POLICY_FILE
    if not target.is_file():
        if named:
            raise PolicyError(f"{target}: no such policy file")
        return Policy()
    try:
        raw = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PolicyError(f"{target}: not valid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise PolicyError(f"{target}: a policy file is a mapping of settings")
    unknown = sorted(set(raw) - set(SETTINGS))
    if unknown:
        raise PolicyError(f"{target}: unknown setting {unknown[0]!r}")
    claimants = raw.get("claimants") or []
    if not isinstance(claimants, list):
        raise PolicyError(f"{target}: claimants must be a list of organisation ids")
    policy = Policy(
        shared_names=raw.get("shared_names", "any"),
        min_confidence=raw.get("min_confidence", 0),
        claimants=tuple(claimants),
        max_members=raw.get("max_members", DEFAULT_MAX_MEMBERS),
    )
    return checked(policy, str(target))
