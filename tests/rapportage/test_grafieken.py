"""Charts are pictures of the table under them: hidden counts get no bar, only their words."""

from rapportage.afscherming import KLEIN, VERBORGEN, Cel, enkel
from rapportage.figuren.figuur import PROCENT, Grafiek, Reeks, Waarde
from rapportage.grafieken import legenda, svg


def test_a_bar_chart_draws_shown_counts_and_names_hidden_ones():
    # 40, 3 and 0 next to their total: the 3 is too small, the 40 would give it away.
    cellen = [Cel(None, VERBORGEN), Cel(None, KLEIN), Cel(0)]
    tekening = svg(Grafiek("staven", ["Aalten", "Lintelo", "Dale"], [Reeks("Hulpvragen", cellen)]))
    assert "<rect" not in tekening and "verborgen" in tekening
    assert 'aria-hidden="true"' in tekening and 'focusable="false"' in tekening
    assert "Lintelo" in tekening and "&lt;5" in tekening
    assert 'style="' not in tekening  # no inline styles: the CSP forbids them


def test_the_longest_bar_leaves_room_for_its_number():
    tekening = svg(Grafiek("staven", ["A", "B"], [Reeks("n", [enkel(50), enkel(25)])]))
    assert 'width="80.00%"' in tekening and 'width="40.00%"' in tekening


def test_percentages_are_drawn_on_a_scale_to_100():
    tekening = svg(
        Grafiek("staven", ["A"], [Reeks("n", [Waarde(50, PROCENT)])], maximum=100, eenheid="%")
    )
    assert 'width="40.00%"' in tekening and ">50%<" in tekening


def test_a_stacked_chart_has_a_legend_and_a_column_per_bucket():
    grafiek = Grafiek(
        "gestapeld",
        ["jan", "feb"],
        [Reeks("Sociale basis", [enkel(10), enkel(6)]), Reeks("Maatwerk", [enkel(5), enkel(2)])],
    )
    tekening = svg(grafiek)
    assert tekening.count('class="grafiek__staaf reeks-0"') == 2
    assert tekening.count('class="grafiek__staaf reeks-1"') == 1  # the hidden 2 has no bar
    assert "•" in tekening  # and a mark that the table says more
    assert legenda(grafiek) == [(0, "Sociale basis"), (1, "Maatwerk")]


def test_names_are_escaped():
    tekening = svg(Grafiek("staven", ["<script>"], [Reeks("n", [enkel(7)])]))
    assert "<script>" not in tekening
    # Once: the parts of a chart are not escaped again when they are put together.
    assert "&lt;script&gt;" in tekening and "&amp;" not in tekening
    assert tekening.count("<svg") == 1 and tekening.count("<text") == 2


def test_a_chart_without_labels_draws_nothing():
    assert svg(Grafiek("staven", [], [Reeks("n", [])])) == ""
    assert svg(None) == ""
