"""Places: US counties, ZIP codes and the county maps drawn from them."""
