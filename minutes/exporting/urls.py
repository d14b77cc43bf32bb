from django.urls import path

from . import views

app_name = "exporting"
urlpatterns = [
    path("moten/<int:pk>/utskrift/", views.print_page, name="print"),
    path("moten/<int:pk>/anteckningar.pdf", views.pdf, name="pdf"),
    path("moten/<int:pk>/anteckningar.docx", views.docx, name="docx"),
]
