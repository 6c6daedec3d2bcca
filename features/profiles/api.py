"""What other features may use of the Steckbrief (area and Kommune profile PDFs)."""

from features.profiles.area import area_button
from features.profiles.kommune import kommune_button

__all__ = [
    "area_button",
    "kommune_button",
]
