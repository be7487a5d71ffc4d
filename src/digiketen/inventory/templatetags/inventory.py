from django import template

from digiketen.inventory import formats

register = template.Library()

register.filter("storage_size", formats.storage_size)
