from django.urls import path

from pages import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("preview/<str:token>/", views.preview, name="preview_link"),
]
