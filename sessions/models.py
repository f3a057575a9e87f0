"""Models arrive with their issue; the app exists so the architecture is visible from day one."""
