"""The anchor of bench/web: what Django itself costs for one request.

A 10-line Django project with one view, served the same way as Indgang
(``gunicorn -c deploy/gunicorn.conf.py bench.web.bare``).
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(DEBUG=False, ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, SECRET_KEY="bare")  # noqa: S106


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>Bare</title><p>Hello</p>")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
