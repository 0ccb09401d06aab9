from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("", views.library, name="library"),
    path("automatic/", views.automatic, name="automatic"),
    path("finder/", views.finder, name="finder"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
