# The app image for docker-compose: the loader and the Streamlit UI (Neo4j runs in its own image).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY attrib ./attrib
COPY loader ./loader
COPY ui ./ui
COPY cypher ./cypher
COPY seed_data ./seed_data
COPY docs ./docs
RUN pip install -e . && useradd --create-home explorer
USER explorer
EXPOSE 8501
CMD ["attrib", "--help"]
