from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("statistics/", views.proposal_statistics, name="statistics"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
]
