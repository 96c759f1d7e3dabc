from django.urls import path

from commerce.cart import views

app_name = "cart"

urlpatterns = [
    path("", views.cart_detail, name="detail"),
    path("add/", views.add, name="add"),
    path("lines/<int:variant_id>/quantity/", views.update_line, name="update"),
    path("lines/<int:variant_id>/remove/", views.remove_line, name="remove"),
    path("empty/", views.empty, name="empty"),
    path("coupon/", views.apply_coupon, name="apply_coupon"),
    path("coupon/remove/", views.remove_coupon, name="remove_coupon"),
]
