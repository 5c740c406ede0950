"""The couples practice dashboard: everything but the Streamlit pages, importable and testable.

Importing it changes nothing: the app, the commands and the tests call
`dashboard.startup.configure()` once when they start.
"""
