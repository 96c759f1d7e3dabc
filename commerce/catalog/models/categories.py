from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def roots(self):
        return self.filter(parent__isnull=True)

    def subtree_of(self, category: "Category"):
        """The category and all its descendants, through the stored path (one indexed query)."""
        return self.filter(Q(path=category.path) | Q(path__startswith=f"{category.path}/"))


class Category(models.Model):
    """A node of the category tree, addressed on the storefront by its slug path.

    `path` ("clothing/shirts") and `depth` are derived from the parents' slugs on save, so
    subtree queries are one indexed prefix match instead of a recursive walk.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0, help_text="Order among its siblings.")
    is_active = models.BooleanField("active", default=True)
    path = models.CharField(max_length=600, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="category_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["parent", "position"], name="category_siblings"),
        ]

    def __str__(self):
        # The path tells same-named categories apart without loading the parents.
        return f"{self.name} ({self.path})" if self.depth else self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        old_path = None
        if self.pk:
            old_path = Category.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self.computed_path()
        self.depth = self.path.count("/")
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            self._move_descendants(old_path)

    def get_absolute_url(self):
        return reverse("catalog:category", kwargs={"path": self.path})

    def computed_path(self) -> str:
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def clean(self):
        super().clean()
        if self.parent_id and self.pk:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": "A category cannot sit inside itself."})
                node = node.parent
        if self.slug:
            clash = Category.objects.filter(path=self.computed_path()).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"slug": "Another category here already uses this slug."})

    def _move_descendants(self, old_path: str) -> None:
        depth_change = self.path.count("/") - old_path.count("/")
        Category.objects.filter(path__startswith=f"{old_path}/").update(
            path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_change,
        )

    def ancestors_and_self(self) -> list["Category"]:
        """The breadcrumb trail, root first, in one query."""
        parts = self.path.split("/")
        prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
        return list(Category.objects.filter(path__in=prefixes).order_by("depth"))
