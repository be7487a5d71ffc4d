"""Buddy pages for the buddy coordinator: volunteers, requests, matches, meetings."""

urlpatterns: list = []
