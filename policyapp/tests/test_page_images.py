"""Rendered PDF pages: bounded in pixels whatever the file claims, cached by the file's hash."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from policyapp.pages import page_png, render_scale
from policyapp.roles import VIEWERS
from policyapp.tests import factories


def blank_pdf(width: float, height: float) -> bytes:
    document = pdfium.PdfDocument.new()
    document.new_page(width, height)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def test_an_ordinary_page_keeps_the_ordinary_scale():
    assert render_scale(612, 792, scale=2.0, max_side=2400) == 2.0


def test_a_poster_page_is_shrunk_to_the_pixel_limit():
    png = page_png(blank_pdf(14_400, 14_400), 1, max_side=1200)
    assert Image.open(io.BytesIO(png)).size == (1200, 1200)


def test_a_long_page_is_bounded_on_its_longest_side():
    png = page_png(blank_pdf(600, 14_400), 1, max_side=1200)
    width, height = Image.open(io.BytesIO(png)).size
    assert height == 1200 and width == 50


@pytest.mark.django_db
def test_the_page_image_etag_follows_the_file_not_its_name(client, settings):
    settings.POLICYAPP_PAGE_IMAGE_MAX_PX = 300
    viewer = factories.user_with_role(VIEWERS)
    client.force_login(viewer)
    document = factories.document(short_name="poster")
    version = factories.version(document, sha256="a" * 64)
    version.file.save("poster.pdf", ContentFile(blank_pdf(14_400, 7_200)), save=True)
    url = reverse("page_image", args=["poster", version.number, 1])

    first = client.get(url)
    assert first.status_code == 200
    assert Image.open(io.BytesIO(first.content)).size == (300, 150)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    # The same plan and version number with another file: the old image is not reused.
    version.sha256 = "b" * 64
    version.file.save("poster2.pdf", ContentFile(blank_pdf(600, 600)), save=True)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
