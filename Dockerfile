FROM python:3.11-slim
WORKDIR /srv/formation
COPY pyproject.toml README.md ./
COPY app app
COPY workers workers
COPY formation formation
RUN pip install --no-cache-dir .
RUN mkdir -p /var/lib/formation/workspace && chown nobody /var/lib/formation/workspace
USER nobody
