"""How far a long job is (a report export, an import): one rule for the progress bars."""


class Voortgang:
    """For a model with `status`, `stappen_klaar` and `stappen_totaal`: ACTIEF are the
    statuses of a job still running, AFGEROND those of a job that is done (100%)."""

    ACTIEF: tuple = ()
    AFGEROND: tuple = ()

    @property
    def voortgang(self) -> int:
        """Percentage done, 0-100."""
        if self.status in self.AFGEROND:
            return 100
        if not self.stappen_totaal:
            return 0
        return min(100, 100 * self.stappen_klaar // self.stappen_totaal)

    @property
    def actief(self) -> bool:
        return self.status in self.ACTIEF
