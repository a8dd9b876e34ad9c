"""Project-wide rows that belong to no app: the health of the processes around the portal."""

from django.db import models


class Hartslag(models.Model):
    """The last sign of life of a process nobody can ping: beat writes its tick here
    (toegang.gezondheid.BeatMetHartslag) and /health/status/ reads it. One row per process
    kind, written over."""

    naam = models.CharField(max_length=50, unique=True)
    op = models.DateTimeField()

    class Meta:
        verbose_name = "hartslag"
        verbose_name_plural = "hartslagen"

    def __str__(self):
        return f"{self.naam}: {self.op:%Y-%m-%d %H:%M:%S}"
