"""Refuse oversized uploads while they stream in, before they reach memory or disk."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: drops any file over POLICYAPP_MAX_UPLOAD_BYTES.

    The file is skipped, not the request, so the other fields (the CSRF token among
    them) still arrive and the view can answer with a form and a clear message. The
    view finds the refused size in `request.policyapp_refused_upload`.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.POLICYAPP_MAX_UPLOAD_BYTES:
            # The request's length is the best estimate of the file's size we have.
            self.request.policyapp_refused_upload = max(self.request_length or 0, self.received)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None
