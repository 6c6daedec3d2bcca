"""Ziele und Maßnahmen: goals tied to indicators, their attainment per area, measures."""
