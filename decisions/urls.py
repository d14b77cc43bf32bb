from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("beslut/", views.decision_list, name="decision_list"),
    path("beslut/personer.json", views.person_suggestions, name="person_suggestions"),
    path("beslut/<slug:slug>/", views.decision_detail, name="decision"),
    path("atgarder/", views.action_list, name="action_list"),
]
