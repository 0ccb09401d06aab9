from django.urls import path

from gazette import views

app_name = "gazette"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:gazette>/<int:year>/", views.year_archive, name="year"),
    path("<slug:gazette>/<int:year>/<int:number>/", views.issue_detail, name="issue"),
    path("<slug:gazette>/<int:year>/<int:number>/pdf/", views.issue_pdf, name="issue_pdf"),
]
