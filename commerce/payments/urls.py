from django.urls import path

from commerce.payments import views

app_name = "payments"

urlpatterns = [
    path("test-gateway/<str:reference>/", views.test_gateway_page, name="test_gateway"),
    path("<str:provider_key>/return/", views.payment_return, name="return"),
    path("<str:provider_key>/callback/", views.payment_callback, name="callback"),
    path("retry/<str:token>/", views.retry, name="retry"),
]
