"""{% load telefoon %}: {{ nummer|telefoon }} shows a stored number the Dutch way,
{{ nummer|tel_uri }} gives it for a tel: link."""

from django import template

from toegang.telefoon import telefoon_tonen, telefoon_uri

register = template.Library()
register.filter("telefoon", telefoon_tonen)
register.filter("tel_uri", telefoon_uri)
