from django.urls import path

from enforcement import views, views_inspections

app_name = "enforcement"

urlpatterns = [
    path("", views.decision_list, name="list"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    # 双随机、一公开: random inspection plans, their draw and results.
    path("inspections/", views_inspections.plan_list, name="inspections"),
    path("inspections/<int:pk>/", views_inspections.plan_detail, name="inspection"),
]
