"""Java and Maven checks, and the launcher (``launcher/``) built once with Maven."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from attrib.local_server.errors import JavaMissing, LauncherBuildFailed, MavenMissing

REPO_ROOT = Path(__file__).resolve().parents[2]
LAUNCHER_POM = REPO_ROOT / "launcher" / "pom.xml"
LAUNCHER_SRC = REPO_ROOT / "launcher" / "src"
LAUNCHER_TARGET = REPO_ROOT / "launcher" / "target"
CLASSPATH_FILE = LAUNCHER_TARGET / "classpath.txt"
MAIN_CLASS = "org.attributionexplorer.launcher.Launcher"
MIN_JAVA = 17


def java() -> str:
    """The `java` to run (``$JAVA_HOME/bin/java``, else the one on PATH), checked to be 17+."""
    java_home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(java_home) / "bin" / "java")] if java_home else []
    found = shutil.which("java")
    if found:
        candidates.append(found)
    for c in candidates:
        if os.access(c, os.X_OK):
            java = c
            break
    else:
        raise JavaMissing(
            "Java 17 or newer is needed to run the local Neo4j, and no `java` was found on PATH "
            "(nor in $JAVA_HOME/bin).\n"
            "Install it, e.g. `sudo apt-get install openjdk-17-jdk-headless` (Debian/Ubuntu), "
            "`sudo dnf install java-17-openjdk-headless` (Fedora) "
            "or `brew install openjdk@17` (macOS)."
        )
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        raise JavaMissing(f"`{java} -version` failed: {e}") from e
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if m:
        major = int(m.group(1))
        if major == 1 and m.group(2):  # "1.8.0_x"
            major = int(m.group(2))
        if major < MIN_JAVA:
            raise JavaMissing(
                f"{java} is Java {major}; Neo4j 5.26 needs Java {MIN_JAVA} or newer.\n"
                "Install e.g. `sudo apt-get install openjdk-17-jdk-headless` and put it first "
                "on PATH (or set JAVA_HOME)."
            )
    return java


def ensure_launcher(progress: Callable[[str], None]) -> str:
    """Builds launcher/ with Maven unless jar + classpath file are newer than its inputs.

    Returns the runtime classpath (launcher jar first)."""
    jar = _launcher_jar()
    LAUNCHER_TARGET.mkdir(parents=True, exist_ok=True)
    with open(LAUNCHER_TARGET / ".build.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        if not _launcher_up_to_date(jar):
            mvn = _maven()
            progress(
                "Building the Neo4j launcher with Maven (first run only; may download jars)..."
            )
            _build(mvn, jar)
        return os.pathsep.join([str(jar), *_read_classpath()])


def _maven() -> str:
    """The `mvn` on PATH."""
    mvn = shutil.which("mvn")
    if not mvn:
        raise MavenMissing(
            "Maven is needed once to build the Neo4j launcher (launcher/pom.xml), and no "
            "`mvn` was found on PATH.\n"
            "Install it, e.g. `sudo apt-get install maven` (Debian/Ubuntu), "
            "`sudo dnf install maven` (Fedora) or `brew install maven` (macOS), "
            "then run the command again."
        )
    return mvn


def _build(mvn: str, jar: Path) -> None:
    """Runs the Maven build that makes the launcher jar and the classpath file."""
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(LAUNCHER_POM),
        "-DskipTests",
        "package",
        "dependency:build-classpath",
        f"-Dmdep.outputFile={CLASSPATH_FILE}",
    ]
    try:
        res = subprocess.run(
            cmd, capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as e:
        raise LauncherBuildFailed("Maven did not finish within 30 minutes") from e
    if res.returncode != 0 or not jar.is_file() or not CLASSPATH_FILE.is_file():
        tail = "\n".join((res.stdout + res.stderr).strip().splitlines()[-40:])
        raise LauncherBuildFailed(
            f"building the launcher failed (exit {res.returncode}):\n"
            f"  {' '.join(cmd)}\n{tail}\n"
            "If this is a network problem, make sure Maven can reach Maven Central "
            "(or a mirror in ~/.m2/settings.xml)."
        )
    # mvn may keep an old jar whose mtime predates a just-edited source; touch the outputs
    now = time.time()
    os.utime(jar, (now, now))
    os.utime(CLASSPATH_FILE, (now, now))


def _launcher_jar() -> Path:
    """target/<artifactId>-<version>.jar, named from the pom."""
    try:
        root = ET.parse(LAUNCHER_POM).getroot()
    except (OSError, ET.ParseError) as e:
        raise LauncherBuildFailed(f"cannot read {LAUNCHER_POM}: {e}") from e
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    artifact = root.findtext("m:artifactId", namespaces=ns) or root.findtext("artifactId")
    version = root.findtext("m:version", namespaces=ns) or root.findtext("version")
    if not artifact or not version:
        raise LauncherBuildFailed(f"{LAUNCHER_POM} has no artifactId/version")
    return LAUNCHER_TARGET / f"{artifact}-{version}.jar"


def _newest_input_mtime() -> float:
    """When the pom or a source of the launcher last changed."""
    newest = LAUNCHER_POM.stat().st_mtime
    if LAUNCHER_SRC.is_dir():
        for p in LAUNCHER_SRC.rglob("*"):
            if p.is_file():
                newest = max(newest, p.stat().st_mtime)
    return newest


def _read_classpath() -> list[str]:
    """The jars of Neo4j and its dependencies, as Maven listed them."""
    return [e for e in CLASSPATH_FILE.read_text().strip().split(os.pathsep) if e]


def _launcher_up_to_date(jar: Path) -> bool:
    """Jar and classpath file are newer than every input, and every listed jar exists."""
    try:
        built = min(jar.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime)
        if built <= _newest_input_mtime():
            return False
        return all(Path(e).exists() for e in _read_classpath())  # ~/.m2 may have been wiped
    except OSError:
        return False
