"""The privacy guard: no personal phone, email or home address on a published page."""
