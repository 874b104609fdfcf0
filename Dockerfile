# SWV Portaal — productie-image: gunicorn (web), Celery worker en beat draaien allemaal hierop.
# Zie docker-compose.yml en README ("Productie met docker compose").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's system libraries (Pango, HarfBuzz, fontconfig) and one font family: the group
# "pdf" of tools/system-packages.txt (tests/test_fresh_machine.py keeps this line equal to it).
# libharfbuzz-subset0 is optional for WeasyPrint but without it every PDF font is subset in
# Python (fontTools) and WeasyPrint warns that a future version will require it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Non-root user. A writable home: gunicorn puts its control socket in ~/.gunicorn.
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

# The code stays owned by root (read-only for the app user); only var/ is writable.
COPY . .
ENV DJANGO_SETTINGS_MODULE=swvportal.settings.production
RUN mkdir -p var/static var/media \
    && SECRET_KEY=collectstatic-build-only-not-a-secret python manage.py collectstatic --noinput \
    && chown app:app var var/media

USER app
EXPOSE 8000

# /healthz is exempt from the HTTPS redirect, but Django still checks the Host header, so the
# probe sends the first ALLOWED_HOSTS entry (a leading "." or "*" stripped) as Host.
# 200 = healthy (also when only the broker is down), 503 = database unreachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; f = os.environ.get('ALLOWED_HOSTS_FILE'); h = (open(f).read() if f else os.environ.get('ALLOWED_HOSTS', '')).split(',')[0].strip().lstrip('*.') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

# Each worker is replaced after about GUNICORN_MAX_REQUESTS requests (jitter: not all at once),
# so memory one large request took is given back to the system.
CMD ["sh", "-c", "exec gunicorn swvportal.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --max-requests ${GUNICORN_MAX_REQUESTS:-1000} --max-requests-jitter ${GUNICORN_MAX_REQUESTS_JITTER:-100} --access-logfile -"]
