from django.urls import path

from . import views

app_name = "importing"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/kasta/", views.discard, name="discard"),
]
