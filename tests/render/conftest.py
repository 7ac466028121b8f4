"""The browser fixtures (one headless Chromium per session, a fresh page per test) are in
``tests/conftest.py``: tests outside this folder open maps too, and a second Playwright
started in the same process while the session's runs fails."""
