from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    # Staff sign-in: second factor, re-authentication, single sign-on (docs/sign-in.md).
    path("admin/hyte-sign-in/", include("wagtail_hyte.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # The public client feedback form (docs/referrals.md, "Client feedback").
    path("hyte/palaute/", include("wagtail_hyte.referrals.feedback_urls")),
    # The REST API, HSDS 3.0 and FHIR R4 interfaces (docs/api.md).
    path("api/", include("wagtail_hyte.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
