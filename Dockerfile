# Production image: gunicorn for web; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=toegang.settings.base
WORKDIR /app
# pg_dump and pg_restore for `manage.py backup` and `restore`, of the database's major version
# (docker-compose.yml: postgres:16; Debian's own are 15), from the PostgreSQL project's
# repository, set up by Debian's postgresql-common. Pango, HarfBuzz and a font for the PDFs
# WeasyPrint draws (rapportage/pdf.py).
ARG PG_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-${PG_MAJOR} gettext \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 1000 --home /app toegang \
    && mkdir /backups && chown toegang /backups
ENV BACKUP_DIR=/backups
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# collectstatic needs settings but no secrets or database: give it throwaway values.
# The translation catalogs are compiled here (.mo files are not in git); GNU gettext's
# msgfmt does it.
RUN SECRET_KEY=collectstatic DATABASE_URL=postgres://build@localhost/build EMAIL_URL=dummymail:// \
    python manage.py collectstatic --noinput \
    && SECRET_KEY=collectstatic DATABASE_URL=postgres://build@localhost/build EMAIL_URL=dummymail:// \
    python manage.py compilemessages -i node_modules
USER toegang
EXPOSE 8000
# Servers start only with a safe configuration and a migrated database (scripts/container-start).
ENTRYPOINT ["scripts/container-start"]
CMD ["gunicorn", "toegang.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--logger-class", "toegang.logfilter.GunicornLogger"]
