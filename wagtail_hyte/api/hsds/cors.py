"""Open CORS for the public HSDS reads: any web page may fetch them.

Every response (errors included, so a browser can read them) says
``Access-Control-Allow-Origin: *``; an ``OPTIONS`` preflight is answered for
GET and HEAD. No credentials are involved: the views take no cookie or token
(``PublicAPIMixin``), so the wildcard is safe. Open Referral UK asks the same
of open read endpoints.
"""

from __future__ import annotations

import re

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
PREFLIGHT_MAX_AGE = 86400  # seconds a browser may keep the preflight answer
# A list of header names, as a preflight asks for them.
_HEADER_NAMES = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+(\s*,\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+)*$")


class OpenCorsMixin:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Content-Language, Retry-After"
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            asked = request.headers.get("Access-Control-Request-Headers", "").strip()
            if asked and _HEADER_NAMES.match(asked):
                response["Access-Control-Allow-Headers"] = asked
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        return response
