"""Themes, the views templates see, pages and the files beside them (calendars, feeds...)."""
