# Attribution Explorer — one command each: `make up` runs the explorer, `make test` runs all tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The explorer's port on 127.0.0.1: make up PORT=8600.
PORT ?= 8501
LAUNCHER_STAMP := launcher/target/classpath.txt

.PHONY: install up test test-compose test-unit lint licences bench bench-large stop clean help vendor-js

help:
	@echo "make up      start the local Neo4j, load the seed, serve the explorer on http://127.0.0.1:8501"
	@echo "             (another port: make up PORT=8600)"
	@echo "make test    run every test against a real Neo4j started for the tests (then stopped)"
	@echo "make lint    ruff check, ruff format --check, mypy"
	@echo "make licences  fails if a runtime dependency is GPL, AGPL or of unknown licence"
	@echo "make test-compose  docker compose up for real on local images, then checks the stack"
	@echo "             (root: installs docker.io and debootstrap, starts dockerd; docker/README.md)"
	@echo "make stop    stop the local Neo4j started by make up"
	@echo "make bench  benchmarks at sizes S and M, then pages and load on the real record"
	@echo "            -> benchmarks/results.json, benchmarks/README.md, README's benchmark table"
	@echo "make bench-large  the same at size L (1M nodes), merged into the results"
	@echo "make vendor-js    re-fetch the graph's vendored JavaScript (Cytoscape.js, fCoSE) from npm"
	@echo "                  at the pinned versions and check it against ui/graph_component/frontend/vendor/SHA256SUMS"

install: $(STAMP) $(LAUNCHER_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Neo4j 5.26 LTS jars from Maven Central (cached in ~/.m2), and the small launcher around them.
$(LAUNCHER_STAMP): launcher/pom.xml $(shell find launcher/src -type f 2>/dev/null)
	@command -v java >/dev/null || { echo "Java 17+ is needed: apt-get install -y openjdk-17-jdk-headless"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is needed: apt-get install -y maven"; exit 1; }
	mvn -q -B -f launcher/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DskipTests
	touch $(LAUNCHER_STAMP)

up: install
	$(BIN)/attrib up --port $(PORT)

stop:
	$(BIN)/attrib neo4j stop

# The tests start their own Neo4j (free port, own data directory under .data/test) and stop it.
test: install
	ATTRIB_DATA_DIR=$(CURDIR)/.data/test-neo4j $(BIN)/python -m pytest

# docker compose up on images built from Debian packages, PyPI and Maven Central (no image
# registry needed), then checks the running stack (docker/compose-test.sh, docker/README.md).
# Needs the launcher's jars (the Neo4j stand-in and the guard plugin), not the .venv.
test-compose: $(LAUNCHER_STAMP)
	docker/compose-test.sh

test-unit: install
	$(BIN)/python -m pytest -m "not neo4j and not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Every runtime dependency's licence from its metadata; GPL, AGPL and unknown fail, exceptions
# with their reasons in tools/licence-exceptions.toml.
licences: install
	$(BIN)/python -m tools.licences

# Benchmarks on their own Neo4j (.data/bench-neo4j, wiped freely, stopped after): S and M within
# ~15 minutes on 2 cores, then the pages and a 60 s load on the real record (benchmarks/load_test.py);
# L (1M nodes, 5M relationships) separately, merged into the results.
bench: install
	$(BIN)/python -m benchmarks.run --sizes S,M

bench-large: install
	$(BIN)/python -m benchmarks.run --sizes L

# The graph's browser side (ui/graph_component/frontend/) draws with Cytoscape.js and the fCoSE layout
# (all MIT), vendored as published on npm so that install, CI and the image need no node. This
# re-fetches the pinned versions (needs npm) and fails unless every file matches SHA256SUMS.
VENDOR := ui/graph_component/frontend/vendor
VENDOR_JS := cytoscape@3.35.0:dist/cytoscape.min.js layout-base@2.0.1:layout-base.js \
	cose-base@2.2.0:cose-base.js cytoscape-fcose@2.2.0:cytoscape-fcose.js

vendor-js:
	@command -v npm >/dev/null || { echo "npm is needed to re-fetch the vendored JavaScript"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for item in $(VENDOR_JS); do \
	  spec=$${item%%:*}; file=$${item#*:}; name=$${spec%@*}; \
	  (cd "$$tmp" && npm pack --silent "$$spec" >/dev/null) || exit 1; \
	  mkdir -p "$$tmp/$$name" && tar xzf "$$tmp/$$name-$${spec#*@}.tgz" -C "$$tmp/$$name" || exit 1; \
	  cp "$$tmp/$$name/package/$$file" $(VENDOR)/ && \
	  cp "$$tmp/$$name/package/LICENSE" $(VENDOR)/LICENSE-$$name || exit 1; \
	  echo "$$spec: $$file"; \
	done
	cd $(VENDOR) && sha256sum -c SHA256SUMS

clean:
	rm -rf $(VENV) launcher/target .pytest_cache .mypy_cache .ruff_cache
