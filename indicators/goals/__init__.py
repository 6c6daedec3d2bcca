"""Goal attainment: how far an area is from a goal's target and whether it is on course."""
