from django.urls import path

from . import views

app_name = "accessibility"
urlpatterns = [
    path("tillganglighet/", views.statement, name="statement"),
    path("tillganglighet/rapportera/", views.report, name="report"),
]
