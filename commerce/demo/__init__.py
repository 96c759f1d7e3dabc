"""The demo shop behind `manage.py seed_demo`: a catalog document built from fixed vocabulary
(vocabulary.py, products.py), pictures drawn with Pillow (drawing.py), assembled by
catalog_document.py and imported through `commerce.catalog.importing`; login.py adds the demo
admin and homepage.py the homepage welcome."""
