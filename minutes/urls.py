from django.urls import path

from . import views

app_name = "minutes"
urlpatterns = [
    path("moten/", views.meeting_list, name="meeting_list"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting"),
    path("bilagor/<int:pk>/", views.attachment_download, name="attachment"),
]
