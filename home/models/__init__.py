from home.models.banners import Banner
from home.models.pages import HomePage

__all__ = ["Banner", "HomePage"]
