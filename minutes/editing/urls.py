from django.urls import path

from . import views

app_name = "editing"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("moten/nytt/", views.meeting_new, name="meeting_new"),
    path("atgarder/<int:action_pk>/klar/", views.action_close, name="action_close"),
    path("atgarder/<int:action_pk>/fornya/", views.action_renew, name="action_renew"),
    path("atgarder/ansvariga/", views.action_responsible, name="action_responsible"),
    path("moten/<int:pk>/", views.meeting_tasks, name="meeting"),
    path("moten/<int:pk>/uppgifter/", views.meeting_details, name="details"),
    path("moten/<int:pk>/dagar/<int:day_pk>/narvaro/", views.attendance, name="attendance"),
    path("moten/<int:pk>/dagar/<int:day_pk>/dagordning/", views.agenda, name="agenda"),
    path(
        "moten/<int:pk>/dagar/<int:day_pk>/bordlagda/<int:item_pk>/",
        views.item_take_up,
        name="item_take_up",
    ),
    path("moten/<int:pk>/punkter/<int:item_pk>/", views.item_edit, name="item"),
    path("moten/<int:pk>/atgarder/<int:action_pk>/klar/", views.action_done, name="action_done"),
    path("moten/<int:pk>/justera/", views.publish, name="publish"),
    path("moten/<int:pk>/oppna-igen/", views.reopen, name="reopen"),
    path("moten/<int:pk>/kassera/", views.discard, name="discard"),
    path("moten/<int:pk>/historik/", views.history, name="history"),
]
