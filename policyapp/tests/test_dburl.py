"""DATABASE_URL parsing: the embedded default and PostgreSQL for production."""

from pathlib import Path

import pytest

from policyapp.dburl import DatabaseUrlError, database_from_url

DEFAULT = Path("/srv/policyapp/var/db.sqlite3")


def test_no_url_means_the_embedded_sqlite_file():
    config = database_from_url(None, default_sqlite=DEFAULT)
    assert (config["ENGINE"], config["NAME"]) == ("django.db.backends.sqlite3", str(DEFAULT))
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert database_from_url("", default_sqlite=DEFAULT)["NAME"] == str(DEFAULT)


def test_postgres_url_with_every_part():
    config = database_from_url(
        "postgres://ana%40lyst:s%3Acret@db.example.org:6543/policy?sslmode=require",
        default_sqlite=DEFAULT,
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("policy", "ana@lyst", "s:cret")
    assert (config["HOST"], config["PORT"]) == ("db.example.org", "6543")
    assert config["OPTIONS"] == {"sslmode": "require", "options": "-c random_page_cost=1.1"}
    assert config["CONN_HEALTH_CHECKS"] is True


def test_postgresql_scheme_without_password_or_port():
    config = database_from_url("postgresql://postgres@127.0.0.1/policyapp", default_sqlite=DEFAULT)
    assert (config["USER"], config["PASSWORD"], config["PORT"]) == ("postgres", "", "")
    assert config["OPTIONS"] == {"options": "-c random_page_cost=1.1"}


def test_conn_max_age_is_read_from_the_query():
    config = database_from_url("postgres://h/db?conn_max_age=0", default_sqlite=DEFAULT)
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"] == {"options": "-c random_page_cost=1.1"}


def test_the_planners_page_cost_is_for_ssds_unless_the_url_says_otherwise():
    spinning = database_from_url("postgres://h/db?random_page_cost=4", default_sqlite=DEFAULT)
    assert spinning["OPTIONS"] == {"options": "-c random_page_cost=4.0"}
    server = database_from_url("postgres://h/db?random_page_cost=", default_sqlite=DEFAULT)
    assert "OPTIONS" not in server
    both = database_from_url("postgres://h/db?options=-c%20work_mem%3D64MB", default_sqlite=DEFAULT)
    assert both["OPTIONS"] == {"options": "-c work_mem=64MB -c random_page_cost=1.1"}
    with pytest.raises(ValueError):
        database_from_url("postgres://h/db?random_page_cost=fast", default_sqlite=DEFAULT)


def test_sqlite_urls_relative_and_absolute():
    assert database_from_url("sqlite:///var/x.db", default_sqlite=DEFAULT)["NAME"] == "var/x.db"
    assert database_from_url("sqlite:////tmp/x.db", default_sqlite=DEFAULT)["NAME"] == "/tmp/x.db"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/db", "scheme 'mysql' is not supported"),
        ("postgres://localhost", "needs a database name"),
        ("sqlite://", "needs a file path"),
    ],
)
def test_bad_urls_say_what_is_wrong(url, message):
    with pytest.raises(DatabaseUrlError, match=message):
        database_from_url(url, default_sqlite=DEFAULT)
