"""The framework floor: a trivial Streamlit page with one slider, measured like the real pages."""

import streamlit as st

value = st.slider("Wert", 0, 100, 50, key="trivial.slider")
st.write(f"Gewählt: {value}")
