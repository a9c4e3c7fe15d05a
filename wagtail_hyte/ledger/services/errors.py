from django.core.exceptions import PermissionDenied


class ReadRefused(PermissionDenied):
    """Personal data may not be read: consent withdrawn or expired, or subject erased."""
