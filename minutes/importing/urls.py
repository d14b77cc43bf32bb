from django.urls import path

from . import views

app_name = "importing"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("granska/", views.review, name="review"),
    path("bekrafta/", views.confirm, name="confirm"),
    path("avbryt/", views.cancel, name="cancel"),
]
