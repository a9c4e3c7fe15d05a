"""Page-number pagination of the REST API's lists (``?page=2&page_size=50``)."""

from rest_framework.pagination import PageNumberPagination


class HytePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
