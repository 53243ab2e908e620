"""The Flask app: `flask run` in this folder finds it with no environment variables."""
from folio import create_app

app = create_app()
