# The app image for docker-compose: the loader and the Streamlit UI (Neo4j runs in its own image).
# BASE_IMAGE: any image with Python 3.11 and pip; CI builds on a local one made from Debian
# packages (docker/compose-test.sh), users keep the official image.
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY attrib ./attrib
COPY loader ./loader
COPY ui ./ui
COPY cypher ./cypher
COPY seed_data ./seed_data
# read at run time from the repository root: the identity policy (attrib/identity/policy.py) and
# the registry of organisations and countries the imports resolve against (loader/registry.py)
COPY identity-policy.yaml ./
COPY registry ./registry
COPY docs ./docs
# pip_cert (optional build secret): a CA bundle for pip behind a TLS-inspecting proxy, as
# `docker build --secret id=pip_cert,src=FILE`. Mounted for this step only: never in the image.
RUN --mount=type=secret,id=pip_cert \
    if [ -s /run/secrets/pip_cert ]; then export PIP_CERT=/run/secrets/pip_cert; fi; \
    pip install -e . && useradd --create-home explorer
USER explorer
EXPOSE 8501
CMD ["attrib", "--help"]
