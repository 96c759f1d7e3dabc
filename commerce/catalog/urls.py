from django.urls import path

from commerce.catalog import views

app_name = "catalog"

urlpatterns = [
    path("categories/<path:path>/", views.category_detail, name="category"),
    path("products/", views.all_products, name="all_products"),
    path("products/<slug:slug>/", views.product_detail, name="product"),
    path("search/", views.search_results, name="search"),
]
