from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from minutes import views as minutes_views

admin.site.site_header = _("Registret – administration")
admin.site.site_title = _("Registret")
admin.site.index_title = _("Nätverk, möten och beslut")

urlpatterns = [
    path("", minutes_views.home, name="home"),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("minutes.urls")),
    path("", include("decisions.urls")),
    path("", include("network.urls")),
    path("", include("search.urls")),
    path("redigera/", include("minutes.editing.urls")),
    path("redigera/import/", include("minutes.importing.urls")),
    path("", include("minutes.exporting.urls")),
    path("", include("feeds.urls")),
    path("", include("accessibility.urls")),
    path("", include("alerts.urls")),
    path("api/v1/", include("api.urls")),
]
# No URL serves the media folder, not even with DEBUG: uploaded files go out only through
# /bilagor/<id>/ (minutes.views.attachment_download), which applies the meeting's rules.
