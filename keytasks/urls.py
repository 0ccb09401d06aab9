from django.urls import path

from keytasks import exports, views

app_name = "keytasks"

urlpatterns = [
    path("", views.index, name="index"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("<str:code>/<int:year>/", views.board, name="board"),
    path("<str:code>/<int:year>/tasks.<str:fmt>", exports.board_export, name="board_export"),
]
