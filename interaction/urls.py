from django.urls import path

app_name = "interaction"

urlpatterns: list = []
