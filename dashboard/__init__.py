"""The Streamlit dashboard (``make run``): the map, its date slider and the panels."""
