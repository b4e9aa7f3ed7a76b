from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from core import views as core_views
from core.admin_site import configure_admin_site
from core.urls_public import wagtail_document_urls, wagtail_page_urls
from users import views as users_views
from website import views as website_views

configure_admin_site()

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("csp-report/", core_views.csp_report, name="csp_report"),
    path("django-admin/", admin.site.urls),
    # Before the CMS's own URLs, so its password-only login page is never reached.
    path("cms/login/", users_views.sign_in_elsewhere, name="cms_login"),
    path("cms/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("documents/", include(wagtail_document_urls)),
    path("search/", website_views.search, name="search"),
    path("work/", include("workspace.urls")),
    path("work/organisations/", include("ecosystem.urls")),
    path("work/organisations/", include("ecosystem.data.urls")),
    path("directory/", include("ecosystem.directory.urls")),
    path("api/oruk/", include("ecosystem.oruk.urls")),
    path("work/reflection/", include("logicmodel.assessments.urls")),
    path("work/local-models/", include("logicmodel.local_models.urls")),
    path("model/", include("logicmodel.urls")),
    path("ask-for-support/", include("journeys.support.urls")),
    path("my-journey/", include("journeys.mine.urls")),
    path("work/requests/", include("journeys.triage.urls")),
    path("work/journeys/", include("journeys.urls")),
    path("work/referrals/", include("referrals.urls")),
    path("stories/", include("stories.urls")),
    path("network/", include("network.urls")),
    path("insights/", include("insights.urls")),
    path("privacy/", include("privacy.urls")),
    path("reflections/", include("logicmodel.assessments.urls_public")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_page_urls))]

handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"
