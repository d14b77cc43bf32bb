from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("bevakningar/", views.index, name="index"),
    path("bevakningar/ny/", views.create, name="create"),
    path("bevakningar/<int:pk>/ta-bort/", views.remove, name="remove"),
    path("bevakningar/sprak/", views.language, name="language"),
    # The e-mail's link: a signed token (alerts.services.unsubscribe_token), no login.
    path("bevakningar/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
