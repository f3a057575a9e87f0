class ApplicationError(Exception):
    """A business rule said no. ``message`` is translated and safe to show to the user."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code
