from django.urls import path

from commerce.lists import views

app_name = "lists"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("save/", views.save, name="save"),
    path("save/<int:product_id>/", views.choose, name="choose"),
    path("<int:list_id>/", views.detail, name="detail"),
    path("<int:list_id>/rename/", views.rename, name="rename"),
    path("<int:list_id>/delete/", views.delete, name="delete"),
    path("<int:list_id>/share/", views.share, name="share"),
    path("<int:list_id>/unshare/", views.unshare, name="unshare"),
    path("<int:list_id>/cart/", views.list_to_cart, name="to_cart"),
    path("items/<int:item_id>/remove/", views.remove_item, name="remove_item"),
    path("items/<int:item_id>/move/", views.move_item, name="move_item"),
    path("items/<int:item_id>/note/", views.note, name="note"),
    path("items/<int:item_id>/cart/", views.item_to_cart, name="item_to_cart"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("shared/<str:token>/copy/", views.copy_shared, name="copy_shared"),
]
