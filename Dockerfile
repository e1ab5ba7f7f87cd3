# visitbot in a container: the Telegram bot, polling by default (README, "Deploy").
#   docker build -t visitbot .
#   docker run --env-file .env -v visitbot-data:/var/lib/visitbot visitbot
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH \
    VISITBOT_DATA_DIR=/var/lib/visitbot \
    VISITBOT_CACHE_DIR=/var/cache/visitbot \
    VISITBOT_METRICS_PORT=9120 \
    VISITBOT_METRICS_LISTEN=0.0.0.0

RUN groupadd --system visitbot \
 && useradd --system --gid visitbot --home-dir /var/lib/visitbot --no-create-home \
        --shell /usr/sbin/nologin visitbot

WORKDIR /opt/visitbot
COPY pyproject.toml README.md ./
COPY src ./src
COPY bot ./bot
RUN python -m venv /opt/venv && pip install .

# The built-in article's index, built now: every start maps it instead of building it.
RUN mkdir -p /var/lib/visitbot /var/cache/visitbot \
 && visitbot index --quiet \
 && chown -R visitbot:visitbot /var/lib/visitbot /var/cache/visitbot

USER visitbot
# Data: users' languages, admins' articles, the journal of answered updates (keep it).
# Cache: indexes (rebuilt when missing).
VOLUME ["/var/lib/visitbot", "/var/cache/visitbot"]
# /metrics and /healthz (polling); the webhook's port when VISITBOT_MODE=webhook.
EXPOSE 9120 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["visitbot", "health"]
STOPSIGNAL SIGTERM
CMD ["visitbot", "run"]
