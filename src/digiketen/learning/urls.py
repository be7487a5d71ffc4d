from digiketen.learning.views import buddies, courses

app_name = "learning"
urlpatterns = [*courses.urlpatterns, *buddies.urlpatterns]
