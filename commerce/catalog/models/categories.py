from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse

from commerce.catalog.search_index import refresh_search_vectors_later


class CategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def listed(self):
        """Shown on the storefront: active, and every ancestor active too."""
        return self.filter(is_listed=True)

    def roots(self):
        return self.filter(parent__isnull=True)

    def relist_subtree(self, path: str) -> None:
        """Recompute `is_listed` below `path` after a move or an (de)activation."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Category._meta.db_table} AS node
                SET is_listed = NOT EXISTS (
                    SELECT 1 FROM {Category._meta.db_table} AS above
                    WHERE NOT above.is_active
                      AND (node.path = above.path OR starts_with(node.path, above.path || '/'))
                )
                WHERE starts_with(node.path, %s)
                """,
                [f"{path}/"],
            )

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
    is_listed = models.BooleanField(
        default=True, editable=False, help_text="Active, and every ancestor active too."
    )
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
        before = Category.objects.filter(pk=self.pk).values("path", "is_listed", "name").first()
        self.path = self.computed_path()
        self.depth = self.path.count("/")
        self.is_listed = self.is_active and (self.parent.is_listed if self.parent_id else True)
        super().save(*args, **kwargs)
        if before and before["path"] != self.path:
            self._move_descendants(before["path"])
        if before and (before["path"], before["is_listed"]) != (self.path, self.is_listed):
            Category.objects.relist_subtree(self.path)
        if before and (before["path"], before["name"]) != (self.path, self.name):
            refresh_search_vectors_later(category_path=self.path)

    def get_absolute_url(self):
        return reverse("catalog:category", kwargs={"path": self.path})

    def computed_path(self) -> str:
        return f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug

    def clean(self):
        super().clean()
        if not self.slug:
            return
        if self.parent_id and self.pk:
            own_path = Category.objects.filter(pk=self.pk).values_list("path", flat=True).get()
            parent_path = self.parent.path
            if parent_path == own_path or parent_path.startswith(f"{own_path}/"):
                raise ValidationError({"parent": "A category cannot sit inside itself."})
        new_path = self.computed_path()
        if Category.objects.filter(path=new_path).exclude(pk=self.pk).exists():
            raise ValidationError({"slug": "Another category here already uses this slug."})
        self._check_path_lengths(new_path)

    def _check_path_lengths(self, new_path: str) -> None:
        limit = self._meta.get_field("path").max_length
        longest_below = 0
        if self.pk:
            old_path = Category.objects.filter(pk=self.pk).values_list("path", flat=True).get()
            below = Category.objects.filter(path__startswith=f"{old_path}/").values_list(
                "path", flat=True
            )
            longest_below = max((len(path) - len(old_path) for path in below), default=0)
        if len(new_path) + longest_below > limit:
            raise ValidationError(
                {"slug": f"The category path would be longer than {limit} characters."}
            )

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
