"""Where media (product, category and banner pictures, the image and document library, and
their renditions) are stored: one configuration for all of them.

Local disk by default. With a bucket name, S3 through django-storages and boto3 (credentials
from the usual AWS_* variables or the instance role): files are never overwritten, and URLs
point at the CDN domain when one is set, otherwise they are signed (a private bucket).
"""


def media_storage(
    *, bucket: str = "", endpoint_url: str = "", region: str = "", cdn_domain: str = ""
) -> dict:
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "custom_domain": cdn_domain or None,
            "querystring_auth": not cdn_domain,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
