FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    WEB_CONCURRENCY=5

# WeasyPrint needs Pango; gettext compiles the catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core gettext curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 leernet
WORKDIR /app
COPY requirements/ requirements/
RUN pip install -r requirements/base.txt
COPY --chown=leernet:leernet . .
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore '.venv/*'

USER leernet
EXPOSE 8000
# Migrations run once per release, before web and workers start, under an advisory lock so that
# two starts at once migrate once: `python manage.py migrate_locked --noinput --app-role
# leernet_app` as the tables' owner (docker-compose.yml's migrate service, the Kubernetes Job).
# gunicorn reads its worker count from WEB_CONCURRENCY (docs/operations.md, "Sizing"). No
# access log: the app logs one JSON line per request with its request id and view name, never
# the path (which can hold a token), and the probes below INFO (docs/operations.md, "Logs").
# deploy/start-web.sh empties PROMETHEUS_MULTIPROC_DIR (default /tmp/leernet-metrics; mount a
# tmpfs or an emptyDir there) and then runs gunicorn with these arguments. Workers and beat are
# started with their own command (docker-compose.yml, deploy/kubernetes/) and do not use it.
CMD ["sh", "deploy/start-web.sh", "--bind", "0.0.0.0:8000"]
