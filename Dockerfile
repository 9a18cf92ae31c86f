FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY reconcile ./reconcile
COPY api ./api
COPY fixtures ./fixtures
RUN pip install --no-cache-dir ".[api]"
ENTRYPOINT ["reconcile"]
CMD ["report", "fixtures/stories/nakatani-turkey", "--format", "text"]
