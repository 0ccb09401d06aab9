"""The portal's URLs without site search: the layout must then offer no search box."""

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    pattern for pattern in portal_urlpatterns if str(pattern.pattern) not in {"search/", "api/v1/"}
]
