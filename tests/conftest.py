import pytest

from swvportal.celery import app as celery_app


@pytest.fixture
def broker_down(settings):
    """Point Celery and the health check at a port where nothing listens, as when Redis is down."""
    dead = "redis://127.0.0.1:1/0"
    old = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = dead
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = dead
    _reset_connections()
    yield
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = old
    _reset_connections()


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process for this test, also in the Redis pass of CI."""
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = old


def _reset_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
