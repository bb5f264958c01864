"""The Streamlit explorer: `streamlit run ui/app.py` (or `attrib ui`)."""
