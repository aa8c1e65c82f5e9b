"""For gunicorn: ``gunicorn -w 4 wsgi:app`` (settings from FUNDAPP_ENV and the environment)."""
import gc

from fundapp.app import create_app

app = create_app()
# The ~170,000 objects loaded so far (Flask, SQLAlchemy, the models, the schemas) live as long as
# the worker: frozen, the collector's full passes skip them (one took ~75 ms, a stall of whatever
# request was running) instead of walking them again and again.
gc.collect()
gc.freeze()
