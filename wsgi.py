"""For gunicorn: ``gunicorn -w 4 wsgi:app`` (settings from FUNDAPP_ENV and the environment)."""
from fundapp.app import create_app

app = create_app()
