"""Pure analytics over plain data: intervals, pattern numbers, reliable change, alerts, caseload
figures and the plain words for all of them. Imports numpy and pandas only; nothing of
Streamlit, SQLAlchemy, `models` or the rest of `dashboard`."""
