"""Course pages: staff (catalogue, intake, waiting list, attendance) and public (/cursussen)."""

urlpatterns: list = []
