"""Bulk issuance: CSV upload with a per-row preview, then a background job that issues every
row's award exactly once, resumable after a crash, on any Django Tasks backend.

services.py (upload, confirm, pause, resume, cancel, recover), csvfile.py (reading the file),
runner.py (claim, sign, store a chunk), signing.py (batch signing), tasks.py (the task),
views.py / api.py (pages and /api/v1/issuance/bulk/).
"""
