# The REST API: `reconcile serve` on 0.0.0.0:8000, its SQLite database in the volume /data
# (or PostgreSQL: -e RECONCILE_DATABASE_URL=postgresql://user:password@host/db). Keys are required:
#   docker run --rm -v reconcile-data:/data IMAGE keys create --newsroom NAME
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY reconcile ./reconcile
COPY api ./api
COPY fixtures ./fixtures
RUN pip install --no-cache-dir ".[api]" \
    && useradd --system --uid 10001 reconcile \
    && mkdir /data && chown reconcile /data
USER reconcile
ENV RECONCILE_DATABASE_URL=sqlite:////data/reconcile.db
VOLUME /data
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=3)"
ENTRYPOINT ["reconcile"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
