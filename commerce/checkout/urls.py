from django.urls import path

from commerce.checkout import views

app_name = "checkout"

urlpatterns = [
    path("", views.start, name="start"),
    path("address/", views.address, name="address"),
    path("delivery/", views.delivery, name="delivery"),
    path("payment/", views.payment, name="payment"),
    path("review/", views.review, name="review"),
    path("place/", views.place, name="place"),
    path("done/<str:token>/", views.done, name="done"),
]
