"""The Streamlit side: sign-in, session state, cached loaders, shared widgets and the couple
page's tabs. The only part of `dashboard/` that imports Streamlit."""
