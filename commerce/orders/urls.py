from django.urls import path

from commerce.orders import views

app_name = "orders"

urlpatterns = [
    path("<str:token>/", views.guest_detail, name="guest_detail"),
]
