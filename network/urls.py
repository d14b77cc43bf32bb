from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("personer/<int:pk>/", views.person_detail, name="person"),
    path("organisationer/<int:pk>/", views.organisation_detail, name="organisation"),
    path("uppdrag/", views.appointment_list, name="appointment_list"),
]
