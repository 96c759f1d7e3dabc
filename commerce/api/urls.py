from django.urls import path

from commerce.api.api import api

urlpatterns = [path("v1/", api.urls)]
