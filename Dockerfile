# Production image: gunicorn for web; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=toegang.settings.base
WORKDIR /app
RUN useradd --system --uid 1000 --home /app toegang
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# collectstatic needs settings but no secrets or database: give it throwaway values.
RUN SECRET_KEY=collectstatic DATABASE_URL=postgres://build@localhost/build EMAIL_URL=dummymail:// \
    python manage.py collectstatic --noinput
USER toegang
EXPOSE 8000
CMD ["gunicorn", "toegang.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--logger-class", "toegang.logfilter.GunicornLogger"]
