"""One module per page of the explorer (run by `st.navigation` in ui/app.py)."""
