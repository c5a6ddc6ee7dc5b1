"""The smallest WSGI app: bench_pages.py serves it with the site's gunicorn settings, in the
same run, to show the latency spread that gunicorn and this machine give before the site adds
any of its own."""


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
